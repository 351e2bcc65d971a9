# shellcheck shell=bash disable=SC2034 # variables for the scripts that source this file
# Sourced by jobs/bin/flink-session and jobs/bin/flink: where the local session cluster lives and
# the classpath of its Flink "distribution" (jobs/bin/flink-cluster.pom.xml, from Maven Central).
JOBS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$JOBS/.." && pwd)
SESSION_DIR=${FLINK_SESSION_DIR:-$ROOT/work/flink-session}
CONF_DIR=$SESSION_DIR/conf
LOG_DIR=$SESSION_DIR/log
CLASSPATH_FILE=$JOBS/target/flink-cluster.classpath
# Flink looks for plugins here (none: the Prometheus reporter is on the classpath).
export FLINK_PLUGINS_DIR=$SESSION_DIR/plugins

# What flink-dist's config.yaml gives every Flink JVM on Java 17 (env.java.opts.all).
FLINK_JAVA_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

# The Flink classpath, resolved once (offline first) and again when the pom changes.
flink_classpath() {
  if [ ! -s "$CLASSPATH_FILE" ] || [ "$JOBS/bin/flink-cluster.pom.xml" -nt "$CLASSPATH_FILE" ]; then
    mkdir -p "$(dirname "$CLASSPATH_FILE")"
    local resolve=(mvn -B -q -Dstyle.color=never -f "$JOBS/bin/flink-cluster.pom.xml"
      dependency:build-classpath "-Dmdep.outputFile=$CLASSPATH_FILE")
    echo "resolving the Flink classpath into $CLASSPATH_FILE ..." >&2
    "${resolve[@]}" -o >/dev/null 2>&1 || "${resolve[@]}" >&2
  fi
  cat "$CLASSPATH_FILE"
}
