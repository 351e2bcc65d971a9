#!/usr/bin/env bash
# Restores a pg-backup.sh dump (after checking its SHA-256) into a database.
set -euo pipefail
# shellcheck source=infra/backup/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'USAGE'
Usage: infra/backup/pg-restore.sh --dump=FILE --host=H --port=P --user=U --dbname=D
                                  [--password-file=F] [--clean] [--dry-run]

Checks FILE against FILE.sha256, then pg_restore into database D (which must exist) in one
transaction: either everything is restored or nothing is.
  --clean     drop the objects of the dump first (restore over an existing copy)
  --dry-run   print the commands, execute nothing
  -h, --help  this help
Exit codes: 0 restored, 1 checksum or restore failed, 2 usage.
USAGE
}

dump="" host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}" user="${PGUSER:-deepalpha}"
dbname="" password_file="" clean=()
for arg in "$@"; do
  case "${arg}" in
    -h | --help) usage; exit 0 ;;
    --dry-run) BACKUP_DRY_RUN=1 ;;
    --dump=*) dump="${arg#*=}" ;;
    --host=*) host="${arg#*=}" ;;
    --port=*) port="${arg#*=}" ;;
    --user=*) user="${arg#*=}" ;;
    --dbname=*) dbname="${arg#*=}" ;;
    --password-file=*) password_file="${arg#*=}" ;;
    --clean) clean=(--clean --if-exists) ;;
    *) backup_die "unknown argument '${arg}' (see --help)" ;;
  esac
done
[ -n "${dump}" ] || backup_die "--dump=FILE is required"
[ -n "${dbname}" ] || backup_die "--dbname=D is required (the database to restore into)"
if [ "${BACKUP_DRY_RUN}" = 0 ]; then
  [ -r "${dump}" ] || backup_die "--dump ${dump} is not readable"
  [ -r "${dump}.sha256" ] || backup_die "${dump}.sha256 is missing: refusing an unverified dump"
fi

backup_run sh -c "cd '$(dirname "${dump}")' && sha256sum --check --quiet '$(basename "${dump}").sha256'"
printf '$ %s\n' "pg_restore --single-transaction --no-owner ${clean[*]} --host=${host} --port=${port} --username=${user} --dbname=${dbname} ${dump}"
if [ "${BACKUP_DRY_RUN}" = 0 ]; then
  PGPASSWORD="$([ -z "${password_file}" ] || cat "${password_file}")" \
    pg_restore --single-transaction --no-owner --no-password "${clean[@]}" --host="${host}" \
    --port="${port}" --username="${user}" --dbname="${dbname}" "${dump}"
fi
echo "pg-restore: restored ${dump} into ${dbname}"
