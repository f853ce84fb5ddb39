#!/usr/bin/env bash
# Recovery benchmark: the whole local stack through the e2e harness (deploy/stack.sh, real broker, registry,
# Postgres) under a steady load of signed Toast stock webhooks with one subscriber. Each of intake, sync, delivery,
# poller and the broker is SIGKILLed and started again in turn; then sync, delivery and poller run two replicas: one
# is SIGKILLed and the other takes over, and a clean stop (SIGTERM) hands the partitions over. Prints per fault:
#   RESULT recovery restart  <component>: ready, resume (first delivery of an event accepted after the kill), backlog gone
#   RESULT recovery takeover | clean stop <service>: partitions held by the other replica, resume, events on time again
#   RESULT recovery totals: lost, doubled, resent
# Exit status 3 when a target is missed. Env: BENCH_RATE (webhooks/s, 25), BENCH_FAULTS (comma list, default all
# five), BENCH_TAKEOVERS (sync-service,delivery-service,poller-service), BENCH_SERVICE_JAVA_OPTS (-Xmx384m
# -XX:+UseSerialGC, the stack's default), BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  # the services' exec jars, the broker and registry (deploy/stack.sh --no-build runs them), the e2e harness' test classes
  (cd "$ROOT" && ./mvnw -B -q -pl e2e,deploy/kafka,deploy/registry -am package -DskipTests \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
  CP="$(cat "$ROOT/e2e/target/bench-classpath.txt"):$ROOT/e2e/target/test-classes"
  rm -rf target/classes && mkdir -p target/classes
  javac --release 17 -d target/classes -cp "$CP" $(find src/main/java -name '*.java')
fi
CP="$(cat "$ROOT/e2e/target/bench-classpath.txt"):$ROOT/e2e/target/test-classes"
. ../lib.sh
run_bench recovery -Xmx512m -cp "target/classes:$CP" \
  "-De2e.env.SERVICE_JAVA_OPTS=${BENCH_SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}" \
  -De2e.env.TILLSYNC_RUN_DIR="$PWD/target/stack" \
  io.tillsync.e2e.RecoveryBench
