#!/usr/bin/env bash
# Shared by the backup scripts: printing/running (--dry-run) and retention. Sourced, not run.

BACKUP_DRY_RUN="${BACKUP_DRY_RUN:-0}"

backup_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

backup_run() { # prints the command; executes it unless --dry-run
  printf '$ %s\n' "$*"
  [ "${BACKUP_DRY_RUN}" = 1 ] && return 0
  "$@"
}

backup_timestamp() { date -u +%Y%m%dT%H%M%SZ; }

backup_require_uint() { # NAME VALUE
  [[ "$2" =~ ^[0-9]+$ ]] || backup_die "$1 must be a whole number of days, got '$2'"
}

# Deletes the backups DIR/PREFIX-*SUFFIX older than DAYS days (with their .sha256), but never the
# newest KEEP_MIN of them: a host that stopped taking backups must not delete its last good ones.
backup_prune() { # DIR PREFIX SUFFIX DAYS KEEP_MIN
  local dir="$1" prefix="$2" suffix="$3" days="$4" keep_min="$5" file
  local -a newest_first=()
  mapfile -t newest_first < <(find "${dir}" -maxdepth 1 -name "${prefix}-*${suffix}" -printf '%T@ %p\n' 2>/dev/null |
    sort -rn | cut -d' ' -f2-)
  local i=0
  for file in "${newest_first[@]}"; do
    i=$((i + 1))
    [ "${i}" -gt "${keep_min}" ] || continue
    if [ -n "$(find "${file}" -maxdepth 0 -mtime +"$((days - 1))" 2>/dev/null)" ]; then
      echo "retention: removing ${file} (older than ${days} days)"
      backup_run rm -rf -- "${file}"
      [ ! -e "${file}.sha256" ] || backup_run rm -f -- "${file}.sha256"
    fi
  done
}
