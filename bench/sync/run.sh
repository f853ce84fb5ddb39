#!/usr/bin/env bash
# Sync benchmark (issue 4): the whole local stack through the e2e harness (deploy/stack.sh, real broker, registry,
# Postgres); signed Toast stock webhooks through intake-service into sync-service. Prints:
#   RESULT availability_events_applied_per_s  backlog applied with batching, next to batching off, same run
#   RESULT webhook_202_to_row_committed_ms     p50/p99 at a fixed rate (default 500 webhooks/s)
# Env: BENCH_EVENTS (30000), BENCH_BASELINE_EVENTS (3000), BENCH_WARMUP_EVENTS (10000), BENCH_LATENCY_RATE (500),
#      BENCH_LATENCY_SECONDS (30), BENCH_SERVICE_JAVA_OPTS (-Xmx384m -XX:+UseSerialGC, the stack's default),
#      BENCH_ONLY=latency|throughput (one of the two figures),
#      BENCH_PROFILE=<dir> to record sync-service with JFR (sync-batched.jfr, sync-latency.jfr), BENCH_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")"
. ../lib.sh
build_on_e2e_harness
run_bench sync -Xmx512m -cp "$E2E_CP" \
  "-De2e.env.SERVICE_JAVA_OPTS=${BENCH_SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}" \
  -De2e.env.INTAKE_RATE_LIMIT_PER_MINUTE=100000000 \
  -De2e.env.TILLSYNC_RUN_DIR="$PWD/target/stack" \
  io.tillsync.e2e.SyncBench
