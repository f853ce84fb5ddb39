#!/usr/bin/env bash
# Intake benchmark: builds intake-service (and what it needs), then measures, in one JVM run on this machine:
#   bare WebFlux 202 endpoint vs intake (verify + publish, acks=all) at max rate, intake p50/p99 at half its max rate,
#   and the count of 202s against the records in webhooks.inbound.
# Options (env): BENCH_SECONDS (per max-rate phase, default 15), BENCH_CONCURRENCY (default 128),
#   BENCH_PROFILE=<dir> (writes a JFR recording of the bench JVM to <dir>/intake.jfr), BENCH_JAVA_OPTS (bench JVM options).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
if [ ! -f "$ROOT/deploy/registry/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$ROOT" && ./mvnw -q -pl deploy/registry install -DskipTests)
fi
(cd "$ROOT" && ./mvnw -q -pl intake-service -am install -DskipTests)
"$ROOT/mvnw" -q -f pom.xml package -DskipTests
PROFILE=()
if [ -n "${BENCH_PROFILE:-}" ]; then
  mkdir -p "$BENCH_PROFILE"
  PROFILE=("-XX:StartFlightRecording=filename=$(cd "$BENCH_PROFILE" && pwd)/intake.jfr,settings=profile")
fi
exec java -Xms768m -Xmx768m -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} "${PROFILE[@]}" -cp "target/classes:$(cat target/classpath.txt)" \
  io.tillsync.bench.intake.IntakeBench
