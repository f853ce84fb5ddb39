#!/usr/bin/env bash
# Intake benchmark (see README.md): builds intake-service, test-support and the bench, then measures on this machine,
# with intake, a bare WebFlux endpoint and the Kafka broker each in a JVM of its own and this one as load generator:
#   bare vs intake (verify + publish, acks=all) at max rate, intake p50/p99 at half its max rate, CPU per request of
#   each process, and the count of 202s against the records in webhooks.inbound.
# Options (env): BENCH_SECONDS (per measured phase, default 15), BENCH_CONCURRENCY (default 512),
#   BENCH_SERVICE_JAVA_OPTS (intake's and bare's JVM), BENCH_BROKER_JAVA_OPTS, BENCH_INTAKE_ARGS (--name=value ...),
#   BENCH_JAVA_OPTS (load generator's JVM), BENCH_PROFILE=<dir> (JFR recording of the load generator, <dir>/intake.jfr).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
if [ ! -f "$ROOT/deploy/registry/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$ROOT" && ./mvnw -q -pl deploy/registry install -DskipTests)
fi
(cd "$ROOT" && ./mvnw -q -pl intake-service,test-support -am install -DskipTests)
"$ROOT/mvnw" -q -f pom.xml package -DskipTests
PROFILE=()
if [ -n "${BENCH_PROFILE:-}" ]; then
  mkdir -p "$BENCH_PROFILE"
  PROFILE=("-XX:StartFlightRecording=filename=$(cd "$BENCH_PROFILE" && pwd)/intake.jfr,settings=profile")
fi
INTAKE_JAR=$(ls "$ROOT"/intake-service/target/intake-service-*-exec.jar | head -1)
exec java -Xms768m -Xmx768m -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} "${PROFILE[@]}" -Dbench.intake.jar="$INTAKE_JAR" \
  -cp "target/classes:$(cat target/classpath.txt)" \
  io.tillsync.bench.intake.IntakeBench
