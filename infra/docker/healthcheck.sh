#!/usr/bin/env bash
# Container health check without curl or wget (the JRE and Flink base images need not ship them):
# an HTTP/1.0 GET over bash's /dev/tcp, healthy only on a 200 status line.
# Usage: deepalpha-healthcheck PORT PATH   e.g. deepalpha-healthcheck 8081 /health
set -euo pipefail

port="${1:?usage: deepalpha-healthcheck PORT PATH}"
path="${2:?usage: deepalpha-healthcheck PORT PATH}"

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "${path}" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "${status}" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
