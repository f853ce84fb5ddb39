#!/usr/bin/env bash
# Checks the observability files with promtool: the rules' syntax, their unit tests (prometheus/tests) and the compose
# scrape config. Needs promtool (Debian: apt-get install prometheus); .ci/run installs it and runs this script.
# test-support's ObservabilityFilesTest checks the rest (metric names exist in the code, dashboards parse).
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "observability: promtool not found (apt-get install prometheus)" >&2; exit 1; }
promtool check rules prometheus/rules.yml
promtool test rules prometheus/tests/rules.test.yml
promtool check config prometheus/prometheus.yml
echo "observability: rules, rule tests and scrape config OK"
