#!/usr/bin/env bash
# Deploys DeepAlpha on one c5n host with docker compose (infra/compose/compose.yaml).
# Run with --help for the options; docs/operations/deploy.md explains each mode.
#
# Every action goes through step/run/capture, so --dry-run prints exactly the commands a real run
# executes, in order, and executes nothing (infra/deploy-tests DeployScriptTest holds the steps).
set -euo pipefail

readonly ENVS="testing staging production"
readonly MODES="normal rolling dev hotfix"
readonly JOBS="spread risk"
# The contract topics (model io.deepalpha.model.topic.Topics): name partitions [config].
# Auto topic creation is off on the broker, so a topic missing here is a deploy failure.
readonly TOPICS="md.quotes:6: md.trades:6: md.deadletter:1:retention.ms=1209600000
config.instruments:1:cleanup.policy=compact config.strategies:1:cleanup.policy=compact
config.risk_limits:1:cleanup.policy=compact signals:3: risk.state:1:cleanup.policy=compact
exec.orders:3: exec.fills:3:"
readonly SECRETS_ALWAYS="postgres_password influxdb_password influxdb_token grafana_admin_password"
readonly SECRETS_VENUES="binance_api_key binance_api_secret okx_api_key okx_api_secret okx_passphrase executor_admin_token"
readonly DRAIN_TIMEOUT_S="${DEEPALPHA_DRAIN_TIMEOUT_S:-120}"
readonly READY_TIMEOUT_S="${DEEPALPHA_READY_TIMEOUT_S:-180}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root
readonly compose_file="${repo_root}/infra/compose/compose.yaml"

usage() {
  cat <<'EOF'
Usage: infra/deploy-c5n.sh --env=ENV --mode=MODE --version=VERSION [--dry-run]

Deploys DeepAlpha on this c5n host with docker compose (infra/compose/compose.yaml).

  --env=ENV          testing | staging | production (executor env file configs/.env.c5n.ENV)
  --mode=MODE        normal  | rolling | dev | hotfix
                       normal   backup PostgreSQL, bring every service to VERSION; jobs stop with
                                a savepoint and resume from it, the executor drains first
                       rolling  no downtime for the stores: each Flink job stops with a savepoint
                                and the new version resumes from it, one job at a time; the
                                executor drains (no order in flight) then switches; ingest last
                       hotfix   rolling, for a patch release of the running version only
                                (same vX.Y, higher Z); skips the schema migrations
                       dev      testing only: build images from this checkout (tag dev), restart
                                the jobs without a savepoint (state discarded)
  --version=VERSION  vX.Y.Z, or "previous" to roll back to the release before the running one
                     (its jobs resume from the savepoints taken when it was left)
  --dry-run          print the steps with their exact commands and execute nothing
  -h, --help         this help

Environment:
  DEEPALPHA_SECRETS_DIR    secret files (mode 600)       default /etc/deepalpha/secrets/ENV
  DEEPALPHA_STATE_DIR      release history, savepoints   default /var/lib/deepalpha/deploy/ENV
  DEEPALPHA_REGISTRY       image registry prefix         default deepalpha
  LIVE_TRADING_CONFIRMED   must be "true" for staging and production (live trading)
  DEEPALPHA_DRAIN_TIMEOUT_S  how long the executor may take to drain   default 120
  DEEPALPHA_READY_TIMEOUT_S  how long a service may take to be ready   default 180

Exit codes: 0 deployed (or dry run printed), 2 refused (bad option, missing secret, no previous
release), 1 a step failed (the message names it; nothing after it ran).
EOF
}

die() {
  echo "deploy-c5n: $*" >&2
  exit 2
}

one_of() {
  local value="$1" allowed="$2" word
  for word in ${allowed}; do
    [ "${value}" = "${word}" ] && return 0
  done
  return 1
}

env_name=""
mode=""
version=""
dry_run=0

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -h | --help) usage; exit 0 ;;
      --dry-run) dry_run=1 ;;
      --env=*) env_name="${1#--env=}" ;;
      --mode=*) mode="${1#--mode=}" ;;
      --version=*) version="${1#--version=}" ;;
      --env | --mode | --version)
        [ $# -ge 2 ] || die "$1 needs a value"
        case "$1" in
          --env) env_name="$2" ;;
          --mode) mode="$2" ;;
          --version) version="$2" ;;
        esac
        shift ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
  [ -n "${env_name}" ] || die "--env is required: one of ${ENVS// /, }"
  one_of "${env_name}" "${ENVS}" || die "unknown --env '${env_name}': use one of ${ENVS// /, }"
  [ -n "${mode}" ] || die "--mode is required: one of ${MODES// /, }"
  one_of "${mode}" "${MODES}" || die "unknown --mode '${mode}': use one of ${MODES// /, }"
  if [ "${mode}" = dev ]; then
    [ "${env_name}" = testing ] || die "--mode=dev deploys local builds and discards job state: only --env=testing"
    [ -z "${version}" ] || [ "${version}" = dev ] || die "--mode=dev builds this checkout as version 'dev'; leave --version out"
    version=dev
  fi
  [ -n "${version}" ] || die "--version is required: vX.Y.Z or previous"
  if [ "${version}" != previous ] && [ "${version}" != dev ] && ! [[ "${version}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    die "unknown --version '${version}': use vX.Y.Z (e.g. v1.4.2) or previous"
  fi
}

# --- release history: one line per deploy, "version<TAB>utc time<TAB>spread sp<TAB>risk sp" ---
# The savepoints on a line are those the *previous* release left when this one replaced it, so a
# rollback resumes the previous release from state it wrote itself.

releases_file() { echo "${state_dir}/releases.tsv"; }

current_release() {
  [ -f "$(releases_file)" ] || return 0
  tail -n 1 "$(releases_file)" | cut -f 1
}

previous_release() {
  [ -f "$(releases_file)" ] || return 0
  tail -n 2 "$(releases_file)" | head -n 1 | grep -v "^$(current_release)	" | cut -f 1 || true
}

entry_savepoint() { # the savepoint JOB of the previous release, recorded on the current line
  local job="$1" column=3
  [ "${job}" = risk ] && column=4
  tail -n 1 "$(releases_file)" | cut -f "${column}"
}

# --- printing and running -------------------------------------------------------------------

step_no=0
step() {
  step_no=$((step_no + 1))
  printf '%2d. %s\n' "${step_no}" "$*"
}

run() { # prints the command; executes it unless --dry-run
  printf '    $ %s\n' "$*"
  [ "${dry_run}" = 1 ] && return 0
  "$@" || { echo "deploy-c5n: step ${step_no} failed: $*" >&2; exit 1; }
}

# Steps print to fd 3 (the script's stdout), so that commands whose output a step captures
# still appear in order.
exec 3>&1

capture() { # like run, for a command whose output the next step parses; SAMPLE on a dry run
  local sample="$1"
  shift
  printf '    $ %s\n' "$*" >&3
  if [ "${dry_run}" = 1 ]; then
    echo "${sample}"
    return 0
  fi
  "$@" || { echo "deploy-c5n: step ${step_no} failed: $*" >&2; exit 1; }
}

compose_env() { # ENV VERSION: the environment every compose call of this deploy needs
  echo "DEEPALPHA_ENV=$1" "DEEPALPHA_VERSION=$2" "DEEPALPHA_SECRETS_DIR=${secrets_dir}" \
    "DEEPALPHA_REGISTRY=${registry}"
}

dc=()
use_version() { # sets dc: docker compose for this env with the images of VERSION
  # shellcheck disable=SC2207  # compose_env prints KEY=VALUE words without spaces
  dc=(env $(compose_env "${env_name}" "$1") docker compose -p deepalpha -f "${compose_file}")
}

fl=()
flink_of() { # sets fl: the Flink CLI in a one-shot container of VERSION's jobs image
  use_version "$1"
  fl=("${dc[@]}" run --rm --no-deps -T flink-jobmanager flink)
}
readonly JM=(-m flink-jobmanager:8081)

# --- steps ----------------------------------------------------------------------------------

check_secrets() {
  local needed="${SECRETS_ALWAYS}" name missing=""
  # Paper trading (testing) needs no venue keys; compose mounts the files, so empty ones are made.
  [ "${env_name}" = testing ] || needed="${needed} ${SECRETS_VENUES}"
  step "check secret files in ${secrets_dir} (non-empty, mode 600): ${needed}"
  for name in ${needed}; do
    [ -s "${secrets_dir}/${name}" ] || missing="${missing} ${name}"
  done
  [ -z "${missing}" ] || die "missing or empty secret files in ${secrets_dir}:${missing}"
  if [ "${env_name}" = testing ]; then
    for name in ${SECRETS_VENUES}; do
      [ -e "${secrets_dir}/${name}" ] || run install -m 600 /dev/null "${secrets_dir}/${name}"
    done
  elif [ "${LIVE_TRADING_CONFIRMED:-}" != true ]; then
    die "--env=${env_name} trades real money (TRADING_MODE=live): export LIVE_TRADING_CONFIRMED=true to confirm"
  fi
}

pull_or_build_images() {
  local image
  if [ "${mode}" = dev ]; then
    step "build images from this checkout as version dev"
    for image in ingest executor jobs migrations; do
      run docker build -f "${repo_root}/infra/docker/${image}.Dockerfile" -t "${registry}/${image}:dev" "${repo_root}"
    done
  else
    step "pull images ${registry}/{ingest,executor,jobs,migrations}:${target}"
    use_version "${target}"
    run "${dc[@]}" pull migrations flink-jobmanager flink-taskmanager ingest executor
  fi
}

backup_postgres() {
  step "back up PostgreSQL before the schema can change"
  run "${repo_root}/infra/backup/pg-backup.sh" --compose --env="${env_name}" --retention-days=14
}

start_stores() {
  step "start the stores and wait until healthy: kafka postgres influxdb"
  use_version "${target}"
  run "${dc[@]}" up -d --wait kafka postgres influxdb
}

map_influx_v1() {
  step "InfluxDB 2.x: serve bucket deepalpha as database deepalpha on the v1 API (sinks, Grafana), once"
  use_version "${target}"
  # Runs in the container: the token and password are read there from the secret files and never
  # appear in this script's output. Each part is skipped when it exists already.
  # shellcheck disable=SC2016  # expanded by the container's shell, not here
  local parts=(
    'set -e; export INFLUX_TOKEN="$(cat /run/secrets/influxdb_token)";'
    'bucket="$(influx bucket list -n deepalpha --hide-headers | cut -f1)";'
    'influx v1 dbrp list --db deepalpha | grep -q deepalpha ||'
    'influx v1 dbrp create --db deepalpha --rp deepalpha --default --bucket-id "$bucket";'
    'influx v1 auth list --user deepalpha | grep -q deepalpha ||'
    'influx v1 auth create --username deepalpha --password "$(cat /run/secrets/influxdb_password)"'
    '--read-bucket "$bucket" --write-bucket "$bucket"'
  )
  local script="${parts[*]}"
  run "${dc[@]}" exec -T influxdb sh -c "${script}"
}

create_topics() {
  step "create the contract topics that are missing (auto creation is off)"
  local entry name partitions config extra
  use_version "${target}"
  for entry in ${TOPICS}; do
    IFS=: read -r name partitions config <<<"${entry}"
    extra=()
    [ -z "${config}" ] || extra=(--config "${config}")
    run "${dc[@]}" exec -T kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 \
      --create --if-not-exists --topic "${name}" --partitions "${partitions}" \
      --replication-factor 1 "${extra[@]}"
  done
}

migrate_schema() {
  if [ "${mode}" = hotfix ] || [ "${rollback}" = 1 ]; then
    step "schema migrations skipped ($([ "${rollback}" = 1 ] && echo rollback || echo hotfix)): migrations only move forward"
    return 0
  fi
  step "apply the PostgreSQL migrations of ${target} (forward only, before the new code runs)"
  use_version "${target}"
  run "${dc[@]}" run --rm migrations migrate
}

job_id() { # JOB: id of the running job "deepalpha JOB", empty when it does not run
  local job="$1"
  flink_of "${current:-${target}}"
  # A dry run assumes the jobs run exactly when a release is recorded.
  local sample=""
  [ -z "${current}" ] || sample="01.01.2026 00:00:00 : <${job}-job-id> : deepalpha ${job} (RUNNING)"
  capture "${sample}" \
    "${fl[@]}" list "${JM[@]}" -r |
    awk -v name="deepalpha ${job}" 'index($0, ": " name " (RUNNING)") {print $4}'
}

stop_job_with_savepoint() { # JOB: stops it with a savepoint and prints the savepoint's path
  local job="$1" id
  id="$(job_id "${job}")"
  if [ -z "${id}" ]; then
    echo "    job ${job} is not running: nothing to stop" >&3
    return 0
  fi
  # Never --drain for an upgrade: it would flush every buffered quote and close every window.
  flink_of "${current:-${target}}"
  capture "Savepoint completed. Path: <savepoint-of-${job}-${current}>" \
    "${fl[@]}" stop "${JM[@]}" --savepointPath "file:///var/lib/flink/savepoints/${job}" "${id}" |
    sed -n 's/.*Savepoint completed\. Path: \(.*\)$/\1/p'
}

start_job() { # JOB VERSION SAVEPOINT(empty: fresh start)
  local job="$1" image_version="$2" savepoint="$3" from=()
  [ -z "${savepoint}" ] || from=(-s "${savepoint}")
  flink_of "${image_version}"
  run "${fl[@]}" run "${JM[@]}" -d "${from[@]}" -c io.deepalpha.jobs.cli.JobsCli \
    /opt/flink/usrlib/deepalpha-jobs.jar "${job}-live" --bootstrap-servers kafka:9092 \
    --config /opt/deepalpha/configs/trading.yaml
}

declare -A left_savepoint=()

resume_point() { # JOB: the savepoint the target version resumes from
  local job="$1"
  if [ "${rollback}" = 1 ]; then
    entry_savepoint "${job}" # written by the target (previous) version itself
  else
    echo "${left_savepoint[${job}]:-}"
  fi
}

upgrade_job() { # rolling: stop with a savepoint, resume the target version from it
  local job="$1" resume
  step "job ${job}: stop ${current} with a savepoint, then resume ${target} from it"
  left_savepoint[${job}]="$(stop_job_with_savepoint "${job}")"
  resume="$(resume_point "${job}")"
  if [ "${rollback}" = 1 ]; then
    echo "    rollback: ${target} resumes from the savepoint it left itself: ${resume:-<none>}" >&3
    echo "    kept for a later roll-forward: ${left_savepoint[${job}]:-<none>}" >&3
  fi
  start_job "${job}" "${target}" "${resume}"
}

stop_jobs_with_savepoints() { # normal: every job stops before the cluster is recreated
  local job
  for job in ${JOBS}; do
    step "job ${job}: stop ${current:-<none>} with a savepoint"
    left_savepoint[${job}]="$(stop_job_with_savepoint "${job}")"
  done
}

start_jobs_from_savepoints() {
  local job resume
  for job in ${JOBS}; do
    resume="$(resume_point "${job}")"
    step "job ${job}: start ${target} from ${resume:-no savepoint (first start)}"
    start_job "${job}" "${target}" "${resume}"
  done
}

restart_jobs_without_state() { # dev
  local job id
  for job in ${JOBS}; do
    step "job ${job}: cancel without a savepoint (dev: state discarded), start ${target}"
    id="$(job_id "${job}")"
    flink_of "${target}"
    [ -z "${id}" ] || run "${fl[@]}" cancel "${JM[@]}" "${id}"
    start_job "${job}" "${target}" ""
  done
}

restart_flink_cluster() {
  step "recreate the Flink JobManager and TaskManager on ${target}"
  use_version "${target}"
  run "${dc[@]}" up -d --wait flink-jobmanager flink-taskmanager
}

drain_executor() {
  if [ -z "${current}" ]; then
    step "executor: no release recorded, nothing to drain"
    return 0
  fi
  step "executor: drain ${current} (no order in flight, journal published to Kafka), then stop it"
  run "${repo_root}/infra/deploy-c5n.sh" --drain-executor "${env_name}" "${current}" "${DRAIN_TIMEOUT_S}"
  # SIGTERM, then up to 60 s to close the gateways and fsync the journal.
  use_version "${current}"
  run "${dc[@]}" stop -t 60 executor
}

switch_executor() {
  step "executor: start ${target} and wait until /ready (journal recovered, partitions assigned)"
  use_version "${target}"
  run "${dc[@]}" up -d --no-deps executor
  run "${repo_root}/infra/deploy-c5n.sh" --wait-ready "${env_name}" "${target}" executor 8081 /ready "${READY_TIMEOUT_S}"
}

switch_cdc() {
  step "cdc: switch to ${target} (Debezium; offsets on the cdc-state volume, so it continues after the last change)"
  use_version "${target}"
  run "${dc[@]}" up -d --no-deps cdc
  run "${repo_root}/infra/deploy-c5n.sh" --wait-ready "${env_name}" "${target}" cdc 9401 /-/healthy "${READY_TIMEOUT_S}"
}

switch_ingest() {
  step "ingest: switch to ${target} (idempotent producer; quotes pause for the restart)"
  use_version "${target}"
  run "${dc[@]}" up -d --no-deps ingest
  run "${repo_root}/infra/deploy-c5n.sh" --wait-ready "${env_name}" "${target}" ingest 9400 /-/healthy "${READY_TIMEOUT_S}"
}

start_monitoring() {
  step "start monitoring: prometheus grafana node-exporter"
  use_version "${target}"
  run "${dc[@]}" up -d prometheus grafana node-exporter
}

record_release() {
  local line
  line="$(printf '%s\t%s\t%s\t%s' "${target}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "${left_savepoint[spread]:-}" "${left_savepoint[risk]:-}")"
  step "record release ${target} in $(releases_file)"
  printf '    >> %s\n' "${line}"
  [ "${dry_run}" = 0 ] || return 0
  mkdir -p "${state_dir}"
  echo "${line}" >>"$(releases_file)"
}

# --- sub-commands the steps run (so that a dry run shows them as commands) -------------------

helper_setup() { # ENV VERSION
  env_name="$1"
  secrets_dir="${DEEPALPHA_SECRETS_DIR:-/etc/deepalpha/secrets/${env_name}}"
  registry="${DEEPALPHA_REGISTRY:-deepalpha}"
  use_version "$2"
}

wait_ready() { # ENV VERSION SERVICE PORT PATH TIMEOUT_S
  helper_setup "$1" "$2"
  local service="$3" port="$4" path="$5" timeout="$6" deadline
  deadline=$(($(date +%s) + timeout))
  until "${dc[@]}" exec -T "${service}" /usr/local/bin/deepalpha-healthcheck "${port}" "${path}"; do
    [ "$(date +%s)" -lt "${deadline}" ] || { echo "deploy-c5n: ${service} not ready after ${timeout}s" >&2; exit 1; }
    sleep 2
  done
}

drain_executor_now() { # ENV VERSION TIMEOUT_S: until orders_in_flight and publisher lag are 0
  helper_setup "$1" "$2"
  local timeout="$3" deadline metrics
  deadline=$(($(date +%s) + timeout))
  while :; do
    metrics="$("${dc[@]}" exec -T executor bash -c \
      'exec 3<>/dev/tcp/127.0.0.1/8081; printf "GET /metrics HTTP/1.0\r\n\r\n" >&3; cat <&3')" || metrics=""
    if grep -qE '^deepalpha_executor_orders_in_flight 0(\.0)?$' <<<"${metrics}" &&
      grep -qE '^deepalpha_executor_publisher_lag_bytes 0(\.0)?$' <<<"${metrics}"; then
      return 0
    fi
    [ "$(date +%s)" -lt "${deadline}" ] || { echo "deploy-c5n: executor did not drain in ${timeout}s" >&2; exit 1; }
    sleep 1
  done
}

resolve_target() {
  current="$(current_release)"
  rollback=0
  target="${version}"
  if [ "${version}" = previous ]; then
    target="$(previous_release)"
    [ -n "${target}" ] || die "--version=previous: no release before '${current:-<none>}' in $(releases_file)"
    rollback=1
  fi
  if [ "${mode}" = rolling ] || [ "${mode}" = hotfix ]; then
    [ -n "${current}" ] || die "--mode=${mode} replaces a running release, and none is recorded in $(releases_file): deploy first with --mode=normal"
  fi
  if [ "${mode}" = hotfix ]; then
    [ "${rollback}" = 0 ] || die "--mode=hotfix takes a patch version, not previous (roll back with --mode=rolling)"
    if [ "${current%.*}" != "${target%.*}" ] || [ "${target##*.}" -le "${current##*.}" ]; then
      die "--mode=hotfix needs a patch release of ${current} (${current%.*}.Z with Z > ${current##*.}); got ${target}"
    fi
  fi
}

main() {
  case "${1:-}" in
    --wait-ready) shift; wait_ready "$@"; return ;;
    --drain-executor) shift; drain_executor_now "$@"; return ;;
  esac
  parse_args "$@"
  secrets_dir="${DEEPALPHA_SECRETS_DIR:-/etc/deepalpha/secrets/${env_name}}"
  state_dir="${DEEPALPHA_STATE_DIR:-/var/lib/deepalpha/deploy/${env_name}}"
  registry="${DEEPALPHA_REGISTRY:-deepalpha}"
  resolve_target

  local note=""
  [ "${rollback}" = 0 ] || note=" (rollback)"
  [ "${dry_run}" = 0 ] || note="${note} (dry run: nothing is executed)"
  echo "deploy-c5n: env=${env_name} mode=${mode} version=${target} current=${current:-<none>}${note}"
  check_secrets
  pull_or_build_images
  case "${mode}" in
    normal)
      backup_postgres
      start_stores
      map_influx_v1
      create_topics
      migrate_schema
      stop_jobs_with_savepoints
      drain_executor
      restart_flink_cluster
      start_jobs_from_savepoints
      switch_cdc
      switch_executor
      switch_ingest
      start_monitoring ;;
    rolling | hotfix)
      migrate_schema
      local job
      for job in ${JOBS}; do upgrade_job "${job}"; done
      drain_executor
      switch_cdc
      switch_executor
      switch_ingest ;;
    dev)
      start_stores
      map_influx_v1
      create_topics
      migrate_schema
      restart_flink_cluster
      restart_jobs_without_state
      drain_executor
      switch_cdc
      switch_executor
      switch_ingest
      start_monitoring ;;
  esac
  record_release
  echo "deploy-c5n: ${target} deployed on ${env_name}${note}"
}

main "$@"
