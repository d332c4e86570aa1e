#!/usr/bin/env bash
# Runs the whole system locally: builds what is missing or stale, then starts PostgreSQL, Kafka, the CDC relay,
# Zipkin and the six services. Options go to the launcher (./run.sh --help). Ctrl-C stops everything.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

command -v java >/dev/null 2>&1 || { echo "run.sh: no 'java' on PATH; install a JDK 17 or newer" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "run.sh: Java $java_major found; this project needs Java 17 or newer (set JAVA_HOME or PATH)" >&2
  exit 1
fi

modules="platform order-service inventory-service payment-service fulfillment-service notification-service saga-orchestrator"
stale=""
for module in $modules; do
  artifact="$module/target/quarkus-app/quarkus-run.jar"
  [ "$module" = platform ] && artifact="platform/target/platform.jar"
  if [ ! -f "$artifact" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" chassis/src/main participant/src/main pom.xml -newer "$artifact" -print -quit 2>/dev/null)" ]; then
    stale="$stale $module"
  fi
done
if [ -n "$stale" ]; then
  echo "run.sh: building:$stale" >&2
  ./mvnw -B -q install -DskipTests
fi

# The launcher runs in a session of its own so that Ctrl-C reaches only this script, which then asks the launcher
# to stop everything in order (services, relay, Kafka, PostgreSQL) instead of every process dying at once.
# C1 only, like the services (PlatformMain): on two cores C2 compiling Kafka and Debezium kept the first minutes of
# load slow (docs/performance.md, change 13).
setsid java -XX:TieredStopAtLevel=1 -jar platform/target/platform.jar up --root "$root" "$@" <&0 &
launcher=$!
trap 'kill -TERM "$launcher" 2>/dev/null || true' INT TERM HUP
while kill -0 "$launcher" 2>/dev/null; do
  wait "$launcher" || true
done
