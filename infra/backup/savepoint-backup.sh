#!/usr/bin/env bash
# Flink savepoints: trigger a fresh savepoint of every running DeepAlpha job (the jobs keep
# running), then copy the savepoint directory off the Flink volume into one tar file, then
# retention. On Kubernetes savepoints already live on object storage (see the chart): use the
# bucket's versioning/lifecycle rules instead of this script.
set -euo pipefail
# shellcheck source=infra/backup/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: infra/backup/savepoint-backup.sh --env=ENV [--no-trigger] [--out-dir=DIR]
                                        [--retention-days=N] [--dry-run]

For each running job ("deepalpha spread", "deepalpha risk") of the compose project: flink
savepoint (the job keeps running); then DIR/savepoints-<UTC time>.tar of /var/lib/flink/savepoints;
then deletes archives older than N days (always keeping the newest 3).
  --env=ENV            testing | staging | production
  --no-trigger         copy the existing savepoints only
  --out-dir=DIR        default /var/backups/deepalpha/savepoints
  --retention-days=N   default 30
  --dry-run            print the commands, execute nothing
  -h, --help           this help
Exit codes: 0 done, 1 a savepoint or the copy failed, 2 usage.
USAGE
}

env_name="" trigger=1 out_dir=/var/backups/deepalpha/savepoints retention=30
for arg in "$@"; do
  case "${arg}" in
    -h | --help) usage; exit 0 ;;
    --dry-run) BACKUP_DRY_RUN=1 ;;
    --env=*) env_name="${arg#*=}" ;;
    --no-trigger) trigger=0 ;;
    --out-dir=*) out_dir="${arg#*=}" ;;
    --retention-days=*) retention="${arg#*=}" ;;
    *) backup_die "unknown argument '${arg}' (see --help)" ;;
  esac
done
case "${env_name}" in
  testing | staging | production) ;;
  *) backup_die "--env must be testing|staging|production, got '${env_name}'" ;;
esac
backup_require_uint --retention-days "${retention}"
[ "${retention}" -ge 1 ] || backup_die "--retention-days must be at least 1"

compose_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../compose" && pwd)/compose.yaml"
dc=(env "DEEPALPHA_ENV=${env_name}" "DEEPALPHA_VERSION=${DEEPALPHA_VERSION:-unused}"
  "DEEPALPHA_SECRETS_DIR=${DEEPALPHA_SECRETS_DIR:-/etc/deepalpha/secrets/${env_name}}"
  docker compose -p deepalpha -f "${compose_file}")
target="${out_dir}/savepoints-$(backup_timestamp).tar"
echo "savepoint-backup: ${env_name} -> ${target} (retention ${retention} days)"
backup_run mkdir -p "${out_dir}"

if [ "${trigger}" = 1 ]; then
  for job in spread risk; do
    printf '$ %s\n' "${dc[*]} exec -T flink-jobmanager flink list -r   (id of \"deepalpha ${job}\")"
    id="<${job}-job-id>"
    if [ "${BACKUP_DRY_RUN}" = 0 ]; then
      id="$("${dc[@]}" exec -T flink-jobmanager flink list -r |
        awk -v name="deepalpha ${job}" 'index($0, ": " name " (RUNNING)") {print $4}')"
    fi
    if [ -z "${id}" ]; then
      echo "savepoint-backup: deepalpha ${job} is not running, no new savepoint"
      continue
    fi
    backup_run "${dc[@]}" exec -T flink-jobmanager flink savepoint "${id}" "file:///var/lib/flink/savepoints/${job}"
  done
fi
printf '$ %s > %s\n' "${dc[*]} exec -T flink-jobmanager tar -C /var/lib/flink/savepoints -cf - ." "${target}.partial"
if [ "${BACKUP_DRY_RUN}" = 0 ]; then
  "${dc[@]}" exec -T flink-jobmanager tar -C /var/lib/flink/savepoints -cf - . >"${target}.partial"
  tar -tf "${target}.partial" >/dev/null || { echo "savepoint-backup: copy is not a tar archive" >&2; exit 1; }
fi
backup_run mv "${target}.partial" "${target}"
backup_prune "${out_dir}" savepoints .tar "${retention}" 3
echo "savepoint-backup: done ${target}"
