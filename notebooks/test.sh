#!/usr/bin/env bash
# Proves that the notebooks work: helper tests, then a seeded scratch database on which every
# notebook executes with non-empty figures, and an empty one on which run.sh fails with a clear
# message. Starts no server: it uses the InfluxDB of INFLUX_* or of the local stack.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
  cat <<USAGE
Usage: notebooks/test.sh [--keep] [--out DIR]

  1. helper tests (python unittest: Java-compatible ids, connection settings, empty-figure check,
     episodes);
  2. seeds a scratch database (seed_demo.py: the sinks' measurements, tags and field types) and
     checks its schema against the sinks' point mappers;
  3. runs run.sh on it: every notebook must execute without a failing cell, every figure with data;
  4. negative check: run.sh on an empty scratch database must fail, naming the empty measurement.
Step 3 is repeated on a single 60 s run with no risk_state point (notebooks 02 and 04), and on a
run where every signal reached the executor stale (only EXPIRED refusals, no fill; 03 and 04).
Scratch databases (nb_test_<pid>, _short, _loaded, _empty) are dropped at the end unless --keep.
Needs an admin InfluxDB user (the local stack's is): it creates and drops databases.

With NOTEBOOK_REAL_DATABASE=<a real run's database>, step 1 also checks that its measurements, tags
and field types are within the sinks' schema the seeded data is held to (RealDataSchemaTest).

Options: --keep (leave the scratch databases), --out DIR (executed notebooks; default a temp dir)
Connection: INFLUX_URL, INFLUX_USER, INFLUX_PASSWORD or INFLUX_PASSWORD_FILE, else the local stack
(\$DEEPALPHA_HOME/stack/endpoints.env), else http://127.0.0.1:8086. INFLUX_DATABASE is not touched.
Exit status: 0 every check passed, 1 a check failed, 2 InfluxDB unreachable.
USAGE
}

keep=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "test.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

export PATH="/usr/bin:$PATH"
cd "$HERE"
seeded="nb_test_$$"
empty="nb_test_$$_empty"
short="nb_test_$$_short"
loaded="nb_test_$$_loaded"
[ -n "$out" ] || out=$(mktemp -d /tmp/deepalpha-notebooks-test.XXXXXX)
mkdir -p "$out"

admin() { # INFLUXQL
  /usr/bin/python3 -c 'import sys, deepalpha_influx as d; d.Influx().admin(sys.argv[1])' "$1"
}
cleanup() {
  if [ "$keep" = 0 ]; then
    admin "DROP DATABASE \"$seeded\"" >/dev/null 2>&1 || true
    admin "DROP DATABASE \"$empty\"" >/dev/null 2>&1 || true
    admin "DROP DATABASE \"$short\"" >/dev/null 2>&1 || true
    admin "DROP DATABASE \"$loaded\"" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

fail() { echo "test.sh: FAILED: $*" >&2; exit 1; }

echo "== 1. helper tests"
/usr/bin/python3 -W ignore::ResourceWarning -m unittest -v test_notebooks >"$out/unittest.log" 2>&1 \
  || { cat "$out/unittest.log"; fail "helper tests"; }
tail -n 25 "$out/unittest.log"

echo "== 2. seed $seeded"
/usr/bin/python3 -c 'import deepalpha_influx as d; i = d.Influx(); print("InfluxDB", i.ping(), "at", i.connection.url)' \
  || exit 2
/usr/bin/python3 seed_demo.py --database "$seeded" --recreate --sessions 3 --seconds 180 || fail "seeding"
NOTEBOOK_TEST_DATABASE="$seeded" /usr/bin/python3 -W ignore::ResourceWarning -m unittest -q \
  test_notebooks.SeededSchemaTest || fail "the seeded schema is not the sinks' schema"

echo "== 3. run.sh on the seeded database"
"$HERE/run.sh" --database "$seeded" --range 1d --out "$out/seeded" || fail "run.sh on the seeded database"
for notebook in "$HERE"/[0-9][0-9]_*.ipynb; do
  [ -s "$out/seeded/$(basename "$notebook")" ] || fail "no executed copy of $(basename "$notebook")"
done
# figures DIR NOTEBOOK=COUNT...: each executed copy shows exactly COUNT figures (a notebook that
# leaves out a figure for lack of data must not leave it out when the data is there).
figures() {
  /usr/bin/python3 - "$@" <<'PY'
import sys, nbformat, check_executed
directory, wanted = sys.argv[1], dict(arg.split("=") for arg in sys.argv[2:])
bad = []
for name, count in wanted.items():
    shown = check_executed.figures(nbformat.read(f"{directory}/{name}", as_version=4))
    if shown != int(count):
        bad.append(f"{name}: {shown} figures, expected {count}")
print("\n".join(bad) or "figure counts as expected: " + ", ".join(f"{k} {v}" for k, v in wanted.items()))
sys.exit(1 if bad else 0)
PY
}
figures "$out/seeded" 01_spreads.ipynb=5 02_opportunities.ipynb=4 03_latency_lineage.ipynb=3 04_risk_and_pnl.ipynb=5 \
  || fail "a notebook left out a figure on the complete seeded data"

echo "== 3b. a single 60 s run without any risk level transition (the short demo's shape)"
/usr/bin/python3 seed_demo.py --database "$short" --recreate --sessions 1 --seconds 60 --seed 11 || fail "seeding"
/usr/bin/python3 -c 'import sys, dataclasses, deepalpha_influx as d
i = d.Influx(dataclasses.replace(d.connection_from_env(), database=sys.argv[1]))
i.raw_query("DROP MEASUREMENT risk_state", method="POST")' "$short"
"$HERE/run.sh" --database "$short" --range 1d --out "$out/short" "$HERE/02_opportunities.ipynb" "$HERE/04_risk_and_pnl.ipynb" \
  || fail "run.sh on a single short run without risk transitions"

echo "== 3c. a loaded machine's run: every signal refused as stale, no order sent or filled"
# The shape of real runs on a loaded machine (end-to-end test, 2026-11-22): order_latency holds only
# EXPIRED refusals (revision 0), stamped by the executor's wall clock minutes after their signals
# (here 2-10 min: in a later minute than the last signal), and risk_metrics has no position,
# exposure, drawdown or loss. 03 and 04 must show what there is and name what is absent. The run
# ends 15 min ago so that the late order records are not in the future (InfluxQL stops at now()).
/usr/bin/python3 seed_demo.py --database "$loaded" --recreate --sessions 1 --seconds 60 --seed 5 \
  --executor-lag-ms 300000 --end $(( $(date +%s) - 900 )) || fail "seeding"
"$HERE/run.sh" --database "$loaded" --range 1d --out "$out/loaded" "$HERE/03_latency_lineage.ipynb" "$HERE/04_risk_and_pnl.ipynb" \
  || fail "run.sh on a run where every signal was refused"
/usr/bin/python3 - "$out/loaded" <<'PY' || fail "03/04 must name what the refused-only run lacks"
import sys, nbformat
expected = {
    "03_latency_lineage.ipynb": ["venue event → order created (PENDING)", "No order was sent"],
    "04_risk_and_pnl.ipynb": ["exposure, position, drawdown, loss", "captured edge"],
}
missing = []
for name, phrases in expected.items():
    text = "\n".join(str(output.get("data", {}).get("text/markdown", "")) + str(output.get("text", ""))
                     for cell in nbformat.read(f"{sys.argv[1]}/{name}", as_version=4).cells
                     for output in cell.get("outputs", []))
    missing += [f"{name}: '{p}'" for p in phrases if p not in text]
print("\n".join(missing) or "03 and 04 name what is absent")
sys.exit(1 if missing else 0)
PY
figures "$out/loaded" 03_latency_lineage.ipynb=3 04_risk_and_pnl.ipynb=4 || fail "figures of the refused-only run"

echo "== 4. run.sh on an empty database must fail"
admin "CREATE DATABASE \"$empty\""
set +e
"$HERE/run.sh" --database "$empty" --range 1d --out "$out/empty" >"$out/empty.log" 2>&1
status=$?
set -e
cat "$out/empty.log"
[ $status -eq 1 ] || fail "run.sh on an empty database exited $status, expected 1"
# The check names the failing cell and the helper's EmptyMeasurement, per notebook.
failures=$(/usr/bin/python3 - "$out/empty" <<'PY'
import sys, pathlib, nbformat, check_executed
for path in sorted(pathlib.Path(sys.argv[1]).glob("[0-9][0-9]_*.ipynb")):
    error = check_executed.first_error(nbformat.read(path, as_version=4))
    print(f"{path.name} {error[1] if error else 'none'}")
PY
)
echo "$failures"
[ "$(echo "$failures" | grep -c ' EmptyMeasurement$')" -eq "$(ls "$HERE"/[0-9][0-9]_*.ipynb | wc -l)" ] \
  || fail "every notebook must fail with EmptyMeasurement on an empty database"

echo "== 5. a figure without data must fail the run"
mkdir -p "$out/blank"
/usr/bin/python3 - "$out/blank/99_blank_figure.ipynb" <<'PY'
import sys, nbformat
from nbformat.v4 import new_code_cell, new_notebook
code = """import matplotlib.pyplot as plt
import deepalpha_figures as figs
fig, ax = plt.subplots()
ax.axhline(5.0, ls="--")  # a threshold line alone is not data
ax.set_title("net edge")
figs.show(fig)"""
notebook = new_notebook(cells=[new_code_cell(code)])
notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(notebook, sys.argv[1])
PY
set +e
"$HERE/run.sh" --database "$seeded" --out "$out/blank/out" "$out/blank/99_blank_figure.ipynb" >"$out/blank.log" 2>&1
status=$?
set -e
grep '^FAILED' "$out/blank.log" || true
[ $status -eq 1 ] || fail "run.sh with a blank figure exited $status, expected 1"
error=$(/usr/bin/python3 -c 'import sys, nbformat, check_executed as c; print(c.first_error(nbformat.read(sys.argv[1], as_version=4))[1])' \
  "$out/blank/out/99_blank_figure.ipynb")
[ "$error" = "EmptyFigure" ] || fail "a blank figure failed with $error, expected EmptyFigure"

echo
echo "test.sh: all checks passed (executed notebooks in $out/seeded)"
