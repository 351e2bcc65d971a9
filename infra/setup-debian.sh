#!/usr/bin/env bash
# Installs what DeepAlpha needs on a Debian 12 machine, and only what is missing:
# JDK 17, Maven, PostgreSQL 15 server binaries, InfluxDB 1.x, util-linux (setsid, runuser),
# Jupyter nbconvert with pandas/matplotlib for the notebooks.
# Idempotent; safe to run before every build. Needs root (or sudo) only when something is missing.
set -euo pipefail

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

missing=()
command -v javac >/dev/null 2>&1 && javac -version 2>&1 | grep -qE 'javac (1[7-9]|2[0-9])' \
  || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql-15)
[ -x /usr/bin/influxd ] || missing+=(influxdb)
command -v setsid >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
# infra/deploy-tests: script linting, Prometheus config/rule checks, a real node-exporter scrape.
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
# Analysts' notebooks (notebooks/run.sh): nbconvert and a Debian Python 3 kernel with its libraries.
[ -x /usr/bin/jupyter-nbconvert ] || missing+=(jupyter-nbconvert)
/usr/bin/python3 -c 'import ipykernel, nbclient, nbformat, pandas, matplotlib, requests, yaml' >/dev/null 2>&1 \
  || missing+=(python3-ipykernel python3-nbclient python3-nbformat python3-pandas python3-matplotlib python3-requests python3-yaml)

if [ ${#missing[@]} -eq 0 ]; then
  say "all prerequisites present"
  exit 0
fi

say "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "setup: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# The Debian packages start their own servers through init scripts when a service manager runs;
# the stack runs its own instances under its work directory, so keep the packaged ones off.
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
$SUDO chmod +x /usr/sbin/policy-rc.d
trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
say "installed ${missing[*]}"
