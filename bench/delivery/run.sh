#!/usr/bin/env bash
# Delivery benchmark: builds delivery-service (exec jar) and what it needs, compiles the load generator against the
# module's classpath (no `mvn install`), then runs, on this machine and in one run:
#   A  successful deliveries/s with every endpoint healthy (receiver answers 200 at once),
#   C  p50/p99 from event on topic to first attempt at half of A's rate,
#   B  the same load as A with 10% of endpoints failing (500s, then hangs), healthy endpoints' rate vs A's.
# Env: BENCH_EVENTS (per throughput phase, default 8000), BENCH_TENANTS (20), BENCH_ENDPOINTS_PER_TENANT (5),
#      BENCH_LATENCY_SECONDS (20), BENCH_FAIL_MODES (status,hang), BENCH_RETRY_SCHEDULE (1s,2s,4s,8s,16s),
#      BENCH_SERVICE_OPTS (extra JVM/-D options for delivery-service), BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  if [ ! -f "$ROOT/deploy/registry/target/quarkus-app/quarkus-run.jar" ]; then
    (cd "$ROOT" && ./mvnw -B -q -pl deploy/registry package -DskipTests)
  fi
  (cd "$ROOT" && ./mvnw -B -q -pl delivery-service -am package -DskipTests \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
  CP="$(cat "$ROOT/delivery-service/target/bench-classpath.txt")"
  rm -rf target/classes && mkdir -p target/classes
  javac --release 17 -d target/classes -cp "$CP" $(find src/main/java -name '*.java')
fi
CP="$(cat "$ROOT/delivery-service/target/bench-classpath.txt")"
JAR="$(ls "$ROOT"/delivery-service/target/delivery-service-*-exec.jar | head -1)"
. ../lib.sh
run_bench delivery -Xms768m -Xmx768m -cp "target/classes:$CP" io.tillsync.bench.delivery.DeliveryBench "$JAR"
