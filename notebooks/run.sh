#!/usr/bin/env bash
# Executes every analyst notebook headless against the pipeline's InfluxDB and fails when a cell
# fails or a figure is empty. Executed copies go to an output directory outside git.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

usage() {
  cat <<USAGE
Usage: notebooks/run.sh [--out DIR] [--database DB] [--range DURATION] [--timeout S] [--html] [NOTEBOOK...]

Executes the notebooks (default: every notebooks/[0-9][0-9]_*.ipynb) with
/usr/bin/jupyter nbconvert --to notebook --execute, into DIR, then checks each executed copy:
no cell raised (each notebook refuses to show a figure without data, and fails with a clear
message when a measurement it needs is empty or InfluxDB does not answer) and it holds figures.
Exit status: 0 all passed, 1 a notebook failed, 2 InfluxDB unreachable / bad setup.

Options:
  --out DIR          where the executed notebooks go (default \$DEEPALPHA_HOME/notebooks,
                     DEEPALPHA_HOME defaulting to $ROOT/work)
  --database DB      InfluxDB database (overrides INFLUX_DATABASE)
  --range DURATION   how far back the notebooks look, InfluxQL duration (default 30d; NOTEBOOK_RANGE)
  --timeout S        per-cell timeout in seconds (default 300)
  --html             also render each executed notebook to HTML next to it
  -h, --help         this help

Connection (environment, else the local stack's \$DEEPALPHA_HOME/stack/endpoints.env, else the
demo's defaults http://127.0.0.1:8086, database deepalpha, user deepalpha):
  INFLUX_URL, INFLUX_DATABASE, INFLUX_USER, INFLUX_PASSWORD or INFLUX_PASSWORD_FILE
USAGE
}

out="${DEEPALPHA_HOME:-$ROOT/work}/notebooks"
timeout=300
html=0
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --database) export INFLUX_DATABASE=${2:?--database needs a name}; shift 2 ;;
    --range) export NOTEBOOK_RANGE=${2:?--range needs a duration}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --html) html=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done

for tool in /usr/bin/jupyter-nbconvert /usr/bin/python3; do
  if [ ! -x "$tool" ]; then
    echo "run.sh: $tool is missing; install the notebook packages: infra/setup-debian.sh" >&2
    exit 2
  fi
done
# The notebooks run on Debian's Python and its packages, whatever python3 the PATH prefers.
export PATH="/usr/bin:$PATH"
# The helper modules are found from any notebook location (the kernel starts in the notebook's dir).
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1   # silences the kernel debugger's frozen-modules notice

if [ ${#notebooks[@]} -eq 0 ]; then
  notebooks=("$HERE"/[0-9][0-9]_*.ipynb)
fi
mkdir -p "$out"

echo "== InfluxDB"
set +e
/usr/bin/python3 "$HERE/deepalpha_influx.py" check
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "run.sh: InfluxDB is not usable (see above); nothing executed" >&2
  exit 2
fi

failed=()
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook")
  echo "== $name"
  started=$(date +%s)
  # --allow-errors keeps executing and writes the copy even when a cell raises, so that the check
  # below can name the failing cell and its message; the copy shows the traceback for debugging.
  if ! /usr/bin/jupyter nbconvert --to notebook --execute --allow-errors \
      --ExecutePreprocessor.timeout="$timeout" --output-dir "$out" "$notebook" \
      >"$out/${name%.ipynb}.nbconvert.log" 2>&1; then
    echo "FAILED $name: nbconvert stopped (kernel died or timed out); last lines of its log:" >&2
    tail -n 15 "$out/${name%.ipynb}.nbconvert.log" >&2
    failed+=("$name")
    continue
  fi
  if /usr/bin/python3 "$HERE/check_executed.py" "$out/$name"; then
    if [ "$html" = 1 ]; then
      /usr/bin/jupyter nbconvert --to html "$out/$name" --output-dir "$out" >/dev/null 2>&1 \
        || echo "warning: HTML rendering of $name failed" >&2
    fi
    echo "       $(( $(date +%s) - started )) s"
  else
    failed+=("$name")
  fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: ${#failed[@]} of ${#notebooks[@]} notebook(s) failed: ${failed[*]} (executed copies in $out)" >&2
  exit 1
fi
echo "run.sh: all ${#notebooks[@]} notebooks executed, every figure has data; executed copies in $out"
