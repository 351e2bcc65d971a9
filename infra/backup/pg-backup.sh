#!/usr/bin/env bash
# PostgreSQL backup: pg_dump in custom format (compressed, restorable table by table with
# pg_restore), checked with pg_restore --list, a SHA-256 next to it, then retention.
set -euo pipefail
# shellcheck source=infra/backup/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: infra/backup/pg-backup.sh [connection] [--out-dir=DIR] [--retention-days=N] [--dry-run]

Dumps the DeepAlpha database with pg_dump -Fc into DIR/deepalpha-<UTC time>.dump, verifies it
(pg_restore --list), writes DIR/deepalpha-<UTC time>.dump.sha256, and deletes dumps older than N
days (always keeping the newest 3).

Connection (one of):
  --compose --env=ENV   pg_dump inside the compose project's postgres container (c5n host)
  --host=H --port=P --user=U --dbname=D --password-file=F
                        a reachable server (pg_dump of this host; defaults from PGHOST, PGPORT,
                        PGUSER, PGDATABASE; the password only from a file, never an argument)

  --out-dir=DIR         default /var/backups/deepalpha/postgres
  --retention-days=N    default 14
  --dry-run             print the commands, execute nothing
  -h, --help            this help

Restore: infra/backup/pg-restore.sh --help. Exit codes: 0 done, 1 dump or check failed, 2 usage.
USAGE
}

mode=direct env_name="" host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}" user="${PGUSER:-deepalpha}"
dbname="${PGDATABASE:-deepalpha}" password_file="" out_dir=/var/backups/deepalpha/postgres retention=14
for arg in "$@"; do
  case "${arg}" in
    -h | --help) usage; exit 0 ;;
    --dry-run) BACKUP_DRY_RUN=1 ;;
    --compose) mode=compose ;;
    --env=*) env_name="${arg#*=}" ;;
    --host=*) host="${arg#*=}" ;;
    --port=*) port="${arg#*=}" ;;
    --user=*) user="${arg#*=}" ;;
    --dbname=*) dbname="${arg#*=}" ;;
    --password-file=*) password_file="${arg#*=}" ;;
    --out-dir=*) out_dir="${arg#*=}" ;;
    --retention-days=*) retention="${arg#*=}" ;;
    *) backup_die "unknown argument '${arg}' (see --help)" ;;
  esac
done
backup_require_uint --retention-days "${retention}"
[ "${retention}" -ge 1 ] || backup_die "--retention-days must be at least 1"
if [ "${mode}" = compose ]; then
  case "${env_name}" in
    testing | staging | production) ;;
    *) backup_die "--compose needs --env=testing|staging|production, got '${env_name}'" ;;
  esac
elif [ -n "${password_file}" ] && [ ! -r "${password_file}" ] && [ "${BACKUP_DRY_RUN}" = 0 ]; then
  backup_die "--password-file ${password_file} is not readable"
fi

name="deepalpha-$(backup_timestamp).dump"
target="${out_dir}/${name}"
partial="${target}.partial"
echo "pg-backup: ${mode} -> ${target} (retention ${retention} days)"
backup_run mkdir -p "${out_dir}"

if [ "${mode}" = compose ]; then
  compose_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../compose" && pwd)/compose.yaml"
  printf '$ %s > %s\n' "docker compose -p deepalpha -f ${compose_file} exec -T postgres pg_dump -Fc -U deepalpha deepalpha" "${partial}"
  if [ "${BACKUP_DRY_RUN}" = 0 ]; then
    DEEPALPHA_ENV="${env_name}" DEEPALPHA_VERSION="${DEEPALPHA_VERSION:-unused}" \
      DEEPALPHA_SECRETS_DIR="${DEEPALPHA_SECRETS_DIR:-/etc/deepalpha/secrets/${env_name}}" \
      docker compose -p deepalpha -f "${compose_file}" exec -T postgres \
      pg_dump -Fc -U deepalpha deepalpha >"${partial}"
  fi
else
  printf '$ %s > %s\n' "pg_dump -Fc --host=${host} --port=${port} --username=${user} --dbname=${dbname}" "${partial}"
  if [ "${BACKUP_DRY_RUN}" = 0 ]; then
    # The password reaches pg_dump through PGPASSWORD in its own environment only.
    PGPASSWORD="$([ -z "${password_file}" ] || cat "${password_file}")" \
      pg_dump -Fc --no-password --host="${host}" --port="${port}" --username="${user}" \
      --dbname="${dbname}" >"${partial}"
  fi
fi

# A dump pg_restore cannot list is not a backup: keep it as .partial for inspection.
printf '$ %s\n' "pg_restore --list ${partial} > /dev/null"
if [ "${BACKUP_DRY_RUN}" = 0 ]; then
  pg_restore --list "${partial}" >/dev/null || { echo "pg-backup: ${partial} is not a readable dump" >&2; exit 1; }
fi
backup_run mv "${partial}" "${target}"
printf '$ %s\n' "(cd ${out_dir} && sha256sum ${name} > ${name}.sha256)"
[ "${BACKUP_DRY_RUN}" = 1 ] || (cd "${out_dir}" && sha256sum "${name}" >"${name}.sha256")
backup_prune "${out_dir}" deepalpha .dump "${retention}" 3
echo "pg-backup: done ${target}"
