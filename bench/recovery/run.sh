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
. ../lib.sh
build_on_e2e_harness
run_bench recovery -Xmx512m -cp "$E2E_CP" \
  "-De2e.env.SERVICE_JAVA_OPTS=${BENCH_SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}" \
  -De2e.env.TILLSYNC_RUN_DIR="$PWD/target/stack" \
  io.tillsync.e2e.RecoveryBench
