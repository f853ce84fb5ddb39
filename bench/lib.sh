# Shared by bench/<name>/run.sh (source it): runs a benchmark JVM with its output in target/bench.log, prints its
# INFO and RESULT lines, and on failure says where the log is and shows its tail. Usage: run_bench <name> <java args...>
run_bench() {
  local name=$1 status
  shift
  echo "INFO machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  mkdir -p target
  set +e
  java "$@" > target/bench.log 2>&1
  status=$?
  set -e
  grep -E '^(INFO|RESULT)' target/bench.log || true
  if [ $status -ne 0 ]; then
    echo "bench failed (exit $status); see bench/$name/target/bench.log (and bench/$name/target for service logs)" >&2
    tail -20 target/bench.log >&2
  fi
  return $status
}
