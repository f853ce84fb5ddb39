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

# For a bench whose sources use the e2e harness (E2eStack, Tenant): builds the services' exec jars, the broker and
# registry that deploy/stack.sh --no-build runs and the harness' test classes, compiles the bench's sources against
# them (skipped with BENCH_SKIP_BUILD=1), and sets E2E_CP to the classpath the bench JVM runs with.
build_on_e2e_harness() {
  local root
  root="$(cd .. && cd .. && pwd)"
  if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
    (cd "$root" && ./mvnw -B -q -pl e2e,deploy/kafka,deploy/registry -am package -DskipTests \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
    rm -rf target/classes && mkdir -p target/classes
    javac --release 17 -d target/classes -cp "$(cat "$root/e2e/target/bench-classpath.txt"):$root/e2e/target/test-classes" \
        $(find src/main/java -name '*.java')
  fi
  E2E_CP="target/classes:$(cat "$root/e2e/target/bench-classpath.txt"):$root/e2e/target/test-classes"
}
