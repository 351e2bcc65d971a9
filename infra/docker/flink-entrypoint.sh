#!/usr/bin/env bash
# Entry point of the jobs image on a read-only root file system (compose: /opt/flink/conf is an
# empty tmpfs). The official entrypoint rewrites conf/config.yaml at every start, so the image's
# pristine configuration (kept in conf.dist at build time) is copied into the writable, empty
# conf directory first; then the official entrypoint runs with the same arguments.
set -euo pipefail

flink_home="${FLINK_HOME:-/opt/flink}"
official="${FLINK_OFFICIAL_ENTRYPOINT:-/docker-entrypoint.sh}"

if [ -w "${flink_home}/conf" ] && [ ! -e "${flink_home}/conf/config.yaml" ]; then
  cp -R "${flink_home}/conf.dist/." "${flink_home}/conf/"
fi
exec "${official}" "$@"
