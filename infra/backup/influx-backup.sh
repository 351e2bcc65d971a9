#!/usr/bin/env bash
# InfluxDB backup: a portable backup of the deepalpha database/bucket packed into one tar file,
# then retention. InfluxDB 2.x (the c5n compose file) or 1.x (influxd backup -portable).
set -euo pipefail
# shellcheck source=infra/backup/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: infra/backup/influx-backup.sh (--compose --env=ENV | --v1-host=HOST:RPCPORT)
                                     [--out-dir=DIR] [--retention-days=N] [--dry-run]

Writes DIR/influxdb-<UTC time>.tar with a portable backup of the deepalpha data, then deletes
backups older than N days (always keeping the newest 3).
  --compose --env=ENV   InfluxDB 2.x in the compose project: `influx backup` inside the
                        container with the admin token of /run/secrets/influxdb_token, streamed out
  --v1-host=HOST:PORT   InfluxDB 1.x: `influxd backup -portable -database deepalpha` against its
                        RPC bind address (default port 8088; it must listen where we run)
  --out-dir=DIR         default /var/backups/deepalpha/influxdb
  --retention-days=N    default 14
  --dry-run             print the commands, execute nothing
  -h, --help            this help
Restore: 2.x `influx restore DIR --bucket deepalpha`; 1.x `influxd restore -portable -db deepalpha DIR`
(after untarring). Exit codes: 0 done, 1 backup failed, 2 usage.
USAGE
}

mode="" env_name="" v1_host="" out_dir=/var/backups/deepalpha/influxdb retention=14
for arg in "$@"; do
  case "${arg}" in
    -h | --help) usage; exit 0 ;;
    --dry-run) BACKUP_DRY_RUN=1 ;;
    --compose) mode=compose ;;
    --env=*) env_name="${arg#*=}" ;;
    --v1-host=*) mode=v1; v1_host="${arg#*=}" ;;
    --out-dir=*) out_dir="${arg#*=}" ;;
    --retention-days=*) retention="${arg#*=}" ;;
    *) backup_die "unknown argument '${arg}' (see --help)" ;;
  esac
done
[ -n "${mode}" ] || backup_die "choose --compose --env=ENV or --v1-host=HOST:PORT (see --help)"
backup_require_uint --retention-days "${retention}"
[ "${retention}" -ge 1 ] || backup_die "--retention-days must be at least 1"
if [ "${mode}" = compose ]; then
  case "${env_name}" in
    testing | staging | production) ;;
    *) backup_die "--compose needs --env=testing|staging|production, got '${env_name}'" ;;
  esac
fi

stamp="$(backup_timestamp)"
target="${out_dir}/influxdb-${stamp}.tar"
echo "influx-backup: ${mode} -> ${target} (retention ${retention} days)"
backup_run mkdir -p "${out_dir}"

if [ "${mode}" = compose ]; then
  compose_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../compose" && pwd)/compose.yaml"
  # The token is read inside the container from its secret file: it never appears in a
  # process list or in this script's output.
  # shellcheck disable=SC2016  # expanded by the container's shell, not here
  inner='influx backup /tmp/influx-backup --bucket deepalpha -t "$(cat /run/secrets/influxdb_token)" >/dev/null && tar -C /tmp/influx-backup -cf - . ; status=$?; rm -rf /tmp/influx-backup; exit $status'
  printf '$ %s > %s\n' "docker compose -p deepalpha -f ${compose_file} exec -T influxdb sh -c '${inner}'" "${target}.partial"
  if [ "${BACKUP_DRY_RUN}" = 0 ]; then
    DEEPALPHA_ENV="${env_name}" DEEPALPHA_VERSION="${DEEPALPHA_VERSION:-unused}" \
      DEEPALPHA_SECRETS_DIR="${DEEPALPHA_SECRETS_DIR:-/etc/deepalpha/secrets/${env_name}}" \
      docker compose -p deepalpha -f "${compose_file}" exec -T influxdb sh -c "${inner}" >"${target}.partial"
  fi
else
  work="${out_dir}/influxdb-${stamp}.d"
  backup_run influxd backup -portable -database deepalpha -host "${v1_host}" "${work}"
  backup_run tar -C "${work}" -cf "${target}.partial" .
  backup_run rm -rf -- "${work}"
fi
# An empty or unreadable archive is not a backup.
printf '$ %s\n' "tar -tf ${target}.partial > /dev/null"
if [ "${BACKUP_DRY_RUN}" = 0 ]; then
  if [ ! -s "${target}.partial" ] || ! tar -tf "${target}.partial" >/dev/null; then
    echo "influx-backup: ${target}.partial is empty or not a tar archive" >&2
    exit 1
  fi
fi
backup_run mv "${target}.partial" "${target}"
backup_prune "${out_dir}" influxdb .tar "${retention}" 3
echo "influx-backup: done ${target}"
