#!/usr/bin/env bash
# Clover polling benchmark (issue 6): builds poller-service (its exec jar and test classes, nothing installed), then
# measures with the real broker, registry and Postgres and a fake Clover enforcing Clover's rate limits:
#   initial sync of 50 merchants x 2,000 items (time, requests, poller CPU seconds per 1,000 items) and an
#   incremental poll with one changed item per merchant (time, requests: exactly one per merchant).
# Options (env): BENCH_PROVIDERS (default clover; any of clover,toast,square,shopify), BENCH_MERCHANTS (default 50), BENCH_ITEMS (default 2000), BENCH_POLLER_OPTS (extra JVM options of
# the poller process, e.g. -Dtillsync.clover.workers=10).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
if [ ! -f "$ROOT/deploy/registry/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$ROOT" && ./mvnw -B -q -pl deploy/registry package -DskipTests)
fi
(cd "$ROOT" && ./mvnw -B -q -pl poller-service -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
CP="$ROOT/poller-service/target/test-classes:$ROOT/poller-service/target/classes:$(cat "$ROOT/poller-service/target/bench-classpath.txt")"
rm -rf target/classes && mkdir -p target/classes
javac -d target/classes -cp "$CP" $(find src/main/java -name '*.java')
JAR="$(ls "$ROOT"/poller-service/target/poller-service-*-exec.jar | head -n1)"
exec java -Xms1g -Xmx1500m -Dbench.providers="${BENCH_PROVIDERS:-clover}" -Dbench.merchants="${BENCH_MERCHANTS:-50}" -Dbench.items="${BENCH_ITEMS:-2000}" \
  -cp "target/classes:$CP" io.tillsync.bench.poller.PollerBench "$JAR"
