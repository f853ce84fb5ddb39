#!/usr/bin/env bash
# Tillsync local stack: Kafka (KRaft, one process), the Confluent-compatible schema registry (Apicurio), and the
# services that have been built, all as plain JVM processes (no Docker). Postgres is expected to be running already.
#
#   deploy/stack.sh up [--no-build] [--detach] [--start-postgres] [--with-prometheus]
#                                                                   start; foreground unless --detach (Ctrl-C stops all)
#   deploy/stack.sh down                                            stop a stack started with --detach
#   deploy/stack.sh status                                          what runs, where, and its log
#   deploy/stack.sh stop <component> [--kill]                       stop one (TERM, or KILL: a crash) of a running stack
#   deploy/stack.sh start <component>                               start one again (kafka, registry, prometheus or a service)
#
# This is a development launcher: it sets TILLSYNC_DEV_MODE=true (public development secret and operator keys are
# accepted; say TILLSYNC_DEV_MODE=false to run with your own TILLSYNC_SECRET_KEY and OPERATOR_API_KEY as production
# does). Each service connects to Postgres as its own role (deploy/postgres/roles.sql, run on every 'up'); each
# service's actuator and operator routes listen on its management port (service port + 1000) on the loopback.
#
# --with-prometheus also runs Prometheus (the Debian binary) scraping every service, with Tillsync's rules
# (deploy/observability), on http://127.0.0.1:$PROMETHEUS_PORT (default 9090).
#
# Everything is configured by environment variables (see deploy/README.md); ports can be moved so that two stacks
# can run side by side (give the second one its own TILLSYNC_RUN_DIR too).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${TILLSYNC_RUN_DIR:-$ROOT/deploy/.run}
case $RUN_DIR in /*) ;; *) RUN_DIR=$PWD/$RUN_DIR ;; esac
LOG_DIR=$RUN_DIR/logs
PID_DIR=$RUN_DIR/pids
KAFKA_DIR=$RUN_DIR/kafka
PROMETHEUS_DIR=$RUN_DIR/prometheus

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
SCHEMA_REGISTRY_PORT=${SCHEMA_REGISTRY_PORT:-8081}
INTAKE_PORT=${INTAKE_PORT:-8080}
SYNC_PORT=${SYNC_PORT:-8082}
DELIVERY_PORT=${DELIVERY_PORT:-8083}
POLLER_PORT=${POLLER_PORT:-8084}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
# management ports (actuator, operator routes): loopback only, service port + 1000 unless moved
INTAKE_MANAGEMENT_PORT=${INTAKE_MANAGEMENT_PORT:-$((INTAKE_PORT + 1000))}
SYNC_MANAGEMENT_PORT=${SYNC_MANAGEMENT_PORT:-$((SYNC_PORT + 1000))}
DELIVERY_MANAGEMENT_PORT=${DELIVERY_MANAGEMENT_PORT:-$((DELIVERY_PORT + 1000))}
POLLER_MANAGEMENT_PORT=${POLLER_MANAGEMENT_PORT:-$((POLLER_PORT + 1000))}
KAFKA_JAVA_OPTS=${KAFKA_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC}
REGISTRY_JAVA_OPTS=${REGISTRY_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}
KAFKA_TIMEOUT=${KAFKA_TIMEOUT:-120}
REGISTRY_TIMEOUT=${REGISTRY_TIMEOUT:-120}
SERVICE_TIMEOUT=${SERVICE_TIMEOUT:-90}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
# A development launcher: public development keys are accepted (the services refuse them without this).
TILLSYNC_DEV_MODE=${TILLSYNC_DEV_MODE:-true}
# Management APIs need a key; in development mode the operator key defaults to a well-known value.
if [[ $TILLSYNC_DEV_MODE == true ]]; then OPERATOR_API_KEY=${OPERATOR_API_KEY:-local-operator-key}; fi
OPERATOR_API_KEY=${OPERATOR_API_KEY:-}
# Services connect as their own least-privilege roles (deploy/postgres/roles.sql); 0: all as DB_USER.
TILLSYNC_DB_ROLES=${TILLSYNC_DB_ROLES:-1}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

SERVICES=(intake-service sync-service delivery-service poller-service)
declare -A SERVICE_PORT=([intake-service]=$INTAKE_PORT [sync-service]=$SYNC_PORT
                         [delivery-service]=$DELIVERY_PORT [poller-service]=$POLLER_PORT)
declare -A SERVICE_PORT_VAR=([intake-service]=INTAKE_PORT [sync-service]=SYNC_PORT
                             [delivery-service]=DELIVERY_PORT [poller-service]=POLLER_PORT)
declare -A MANAGEMENT_PORT=([intake-service]=$INTAKE_MANAGEMENT_PORT [sync-service]=$SYNC_MANAGEMENT_PORT
                            [delivery-service]=$DELIVERY_MANAGEMENT_PORT [poller-service]=$POLLER_MANAGEMENT_PORT)
# Every process this script starts carries this marker, so that 'down' never signals a process it did not start.
MARKER=-Dtillsync.stack=$RUN_DIR

STARTED=()        # names started by this invocation, in start order
declare -A ADDR=() READY_IN=()
FAILED=()
SKIPPED=()
DETACH=0
BUILD=1
START_POSTGRES=${TILLSYNC_START_POSTGRES:-0}
WITH_PROMETHEUS=${TILLSYNC_WITH_PROMETHEUS:-0}

say() { printf '%s\n' "stack: $*"; }
die() { printf '%s\n' "stack: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }

usage() {
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

# ---------------------------------------------------------------------------------------------------- processes --
pid_of() { [[ -f $PID_DIR/$1.pid ]] && cat "$PID_DIR/$1.pid"; }

is_alive() { # running and not a zombie
    local pid=$1
    if [[ -r /proc/$pid/stat ]]; then
        local stat; { stat=$(<"/proc/$pid/stat"); } 2>/dev/null || return 1 # it may exit between the two
        stat=${stat##*) }
        [[ ${stat:0:1} != Z ]]
    else
        kill -0 "$pid" 2>/dev/null
    fi
}

is_ours() { # the pid is alive and carries this stack's marker (Prometheus, not a JVM: this stack's config file)
    local pid=$1 cmd
    is_alive "$pid" || return 1
    [[ -r /proc/$pid/cmdline ]] || return 0
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    [[ $cmd == *"$MARKER"* || $cmd == *"--config.file=$PROMETHEUS_DIR/prometheus.yml"* ]]
}

rss_mb() { awk '/^VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

# Starts "$@" in its own session (so Ctrl-C reaches this script, which stops things in order) with output to a log.
launch() {
    local name=$1 dir=$2; shift 2
    local log=$LOG_DIR/$name.log
    [[ -f $log ]] && mv -f "$log" "$log.1"
    if command -v setsid >/dev/null; then
        (cd "$dir" && exec setsid "$@" </dev/null >"$log" 2>&1) &
    else
        (cd "$dir" && exec "$@" </dev/null >"$log" 2>&1) &
    fi
    echo $! >"$PID_DIR/$name.pid"
    STARTED+=("$name")
}

stop_names() { # TERM all given, wait for them together, then KILL what is left
    local name pid pids=() deadline
    for name in "$@"; do
        pid=$(pid_of "$name") || continue
        if is_ours "$pid"; then kill -TERM "$pid" 2>/dev/null && pids+=("$pid:$name"); fi
    done
    deadline=$((SECONDS + STOP_TIMEOUT))
    for entry in "${pids[@]}"; do
        pid=${entry%%:*}
        while is_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
        if is_alive "$pid"; then
            say "${entry#*:} did not stop within ${STOP_TIMEOUT}s; killing it"
            kill -KILL "$pid" 2>/dev/null
        fi
    done
    for name in "$@"; do rm -f "$PID_DIR/$name.pid"; done
}

stop_all() { # Prometheus and the services first, then the registry, then the broker
    stop_names prometheus "${SERVICES[@]}"
    stop_names registry
    stop_names kafka
}

# ------------------------------------------------------------------------------------------------------ probing --
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_get() { # prints the body; fails on connection errors and non-2xx answers
    if command -v curl >/dev/null; then
        curl -fsS --max-time 5 "http://127.0.0.1:$1$2" 2>/dev/null
    else
        local status body
        exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
        body=$(timeout 5 cat <&3) || { exec 3<&-; return 1; }
        exec 3<&-
        status=$(head -n1 <<<"$body" | awk '{print $2}')
        [[ $status == 2* ]] || return 1
        printf '%s' "${body#*$'\r\n\r\n'}"
    fi
}

require_free() { # port, variable that moves it
    if port_open "$1"; then
        die "port $1 is already in use (another stack, or something else). Stop it, or move this stack with $2=<port>."
    fi
}

# Waits until "$3..." succeeds; fails early if the process dies. Prints nothing; returns 1 on timeout or death.
wait_for() {
    local name=$1 timeout=$2; shift 2
    local pid deadline=$((SECONDS + timeout))
    pid=$(pid_of "$name")
    while ((SECONDS < deadline)); do
        "$@" && return 0
        is_alive "$pid" || return 1
        sleep 0.3
    done
    return 1
}

report_failure() { # name, what
    local log=$LOG_DIR/$1.log
    printf '%s\n' "stack: $1 $2. Last lines of $log:" >&2
    tail -n 15 "$log" 2>/dev/null | sed 's/^/    /' >&2
}

# ----------------------------------------------------------------------------------------------------- postgres --
urldecode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

database_settings() {
    DB_HOST=${DB_HOST:-${PGHOST:-127.0.0.1}}
    DB_PORT=${DB_PORT:-${PGPORT:-5432}}
    DB_NAME=${DB_NAME:-${PGDATABASE:-tillsync}}
    DB_USER=${DB_USER:-${PGUSER:-postgres}}
    DB_PASSWORD=${DB_PASSWORD:-${PGPASSWORD:-}}
    [[ -n ${DATABASE_URL:-} ]] || return 0
    # postgres://user:pass@host:port/db?... , postgresql://..., or jdbc:postgresql://host:port/db?user=..&password=..
    local url=${DATABASE_URL#jdbc:} rest query="" userinfo hostport kv
    case $url in
        postgres://* | postgresql://*) ;;
        *) die "DATABASE_URL must look like postgres://user:pass@host:port/db (got '$DATABASE_URL')." ;;
    esac
    rest=${url#*://}
    if [[ $rest == *\?* ]]; then query=${rest#*\?}; rest=${rest%%\?*}; fi
    if [[ $rest == *@* ]]; then
        userinfo=${rest%@*}; rest=${rest##*@}
        DB_USER=$(urldecode "${userinfo%%:*}")
        if [[ $userinfo == *:* ]]; then DB_PASSWORD=$(urldecode "${userinfo#*:}"); else DB_PASSWORD=""; fi
    fi
    hostport=${rest%%/*}
    if [[ $rest == */* && -n ${rest#*/} ]]; then DB_NAME=$(urldecode "${rest#*/}"); fi
    if [[ $hostport == \[*\]* ]]; then # [ipv6]:port
        DB_HOST=${hostport%%]*}; DB_HOST=${DB_HOST#[}
        [[ $hostport == *\]:* ]] && DB_PORT=${hostport##*]:} || DB_PORT=5432
    else
        DB_HOST=${hostport%%:*}
        [[ $hostport == *:* ]] && DB_PORT=${hostport##*:} || DB_PORT=5432
    fi
    [[ -n $DB_HOST ]] || DB_HOST=127.0.0.1
    local IFS='&'
    for kv in $query; do
        case $kv in
            user=*) DB_USER=$(urldecode "${kv#user=}") ;;
            password=*) DB_PASSWORD=$(urldecode "${kv#password=}") ;;
        esac
    done
}

postgres_ready() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -t 3
    else
        (exec 3<>"/dev/tcp/$DB_HOST/$DB_PORT") 2>/dev/null
    fi
}

local_cluster_version() {
    command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]] || return 1
    ls /etc/postgresql 2>/dev/null | sort -V | tail -n1 | grep .
}

ensure_postgres() {
    postgres_ready && return 0
    local version
    if [[ $START_POSTGRES == 1 ]] && version=$(local_cluster_version) \
        && [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost || $DB_HOST == ::1 ]]; then
        say "starting the local PostgreSQL $version cluster: pg_ctlcluster --skip-systemctl-redirect $version main start"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "pg_ctlcluster could not start PostgreSQL $version (see its output above)."
        local deadline=$((SECONDS + 30))
        until postgres_ready; do
            ((SECONDS < deadline)) || die "PostgreSQL $version was started but does not answer on $DB_HOST:$DB_PORT after 30s."
            sleep 0.5
        done
        return 0
    fi
    version=$(local_cluster_version) || version='<version>'
    cat >&2 <<EOF
stack: PostgreSQL is not reachable on $DB_HOST:$DB_PORT, and the services need it. Start the local cluster with
'pg_ctlcluster --skip-systemctl-redirect $version main start' (or let this script do it: 'deploy/stack.sh up
--start-postgres', or TILLSYNC_START_POSTGRES=1), or run 'docker compose up postgres' where Docker is available,
or point the stack at another server with DATABASE_URL=postgres://user:pass@host:port/db (or PGHOST, PGPORT,
PGUSER, PGPASSWORD, PGDATABASE).
EOF
    exit 1
}

ensure_database() {
    [[ $DB_NAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "database name '$DB_NAME' must be letters, digits and underscores."
    if ! command -v psql >/dev/null; then
        say "psql not found: not checking that database '$DB_NAME' exists (create it yourself if the services fail)."
        return 0
    fi
    local -a psql=(env PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER")
    local exists
    exists=$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" 2>&1) \
        || die "could not query PostgreSQL on $DB_HOST:$DB_PORT as '$DB_USER': $exists"
    if [[ $exists != 1 ]]; then
        "${psql[@]}" -d postgres -c "CREATE DATABASE \"$DB_NAME\"" || die "could not create database '$DB_NAME'."
        say "created database '$DB_NAME'"
    fi
    if [[ $TILLSYNC_DB_ROLES == 1 ]]; then
        # one role per service, each owning only its schema (idempotent; hands over schemas a superuser migrated)
        "${psql[@]}" -d "$DB_NAME" -f "$ROOT/deploy/postgres/roles.sql" >/dev/null \
            || die "could not create the services' roles in '$DB_NAME' (deploy/postgres/roles.sql, as '$DB_USER': it needs a superuser or CREATEROLE; or set TILLSYNC_DB_ROLES=0)."
        if [[ -n ${TILLSYNC_DB_ROLE_PASSWORD:-} ]]; then
            local role
            for role in tillsync_intake tillsync_sync tillsync_delivery tillsync_poller; do
                "${psql[@]}" -d "$DB_NAME" -v pw="$TILLSYNC_DB_ROLE_PASSWORD" -c "ALTER ROLE $role PASSWORD :'pw'" >/dev/null \
                    || die "could not set the password of role $role."
            done
        fi
        say "database roles: tillsync_intake, tillsync_sync, tillsync_delivery, tillsync_poller (deploy/postgres/roles.sql)"
    else
        "${psql[@]}" -d "$DB_NAME" -c 'CREATE SCHEMA IF NOT EXISTS sync; CREATE SCHEMA IF NOT EXISTS delivery; CREATE SCHEMA IF NOT EXISTS poller;' \
            >/dev/null || die "could not create the service schemas in '$DB_NAME'."
    fi
}

service_db_user() { # the role a service connects as
    if [[ $TILLSYNC_DB_ROLES == 1 ]] && command -v psql >/dev/null; then
        local name=${1%-service}; printf 'tillsync_%s' "$name"
    else
        printf '%s' "$DB_USER"
    fi
}

service_db_password() {
    if [[ $TILLSYNC_DB_ROLES == 1 ]] && command -v psql >/dev/null; then printf '%s' "${TILLSYNC_DB_ROLE_PASSWORD:-}"; else printf '%s' "$DB_PASSWORD"; fi
}

# ------------------------------------------------------------------------------------------------- components --
KAFKA_LIB=$ROOT/deploy/kafka/target/lib
REGISTRY_JAR=$ROOT/deploy/registry/target/quarkus-app/quarkus-run.jar

require_built() {
    local missing=()
    compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" >/dev/null || missing+=("deploy/kafka/target/lib")
    [[ -f $REGISTRY_JAR ]] || missing+=("deploy/registry/target/quarkus-app/quarkus-run.jar")
    ((${#missing[@]} == 0)) && return 0
    die "not built: ${missing[*]}. Build with './mvnw -q -DskipTests package' (or just these two:
       './mvnw -q -DskipTests -pl deploy/registry,deploy/kafka package'), or run 'deploy/stack.sh up' without --no-build."
}

kafka_cluster_id() { # 16 random bytes, base64url without padding (what StorageTool random-uuid prints)
    local id # never starting with '-' (as Kafka's Uuid.randomUuid): StorageTool would read it as an option
    while id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); [[ $id == -* ]]; do :; done
    echo "$id"
}

start_kafka() {
    mkdir -p "$KAFKA_DIR"
    local ports="$KAFKA_PORT $KAFKA_CONTROLLER_PORT"
    if [[ -f $KAFKA_DIR/data/meta.properties && $(cat "$KAFKA_DIR/ports" 2>/dev/null) != "$ports" ]]; then
        say "Kafka ports changed since the last run; starting from an empty log directory"
        rm -rf "$KAFKA_DIR/data"
    fi
    cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/stack.sh on each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS:-false}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=72
EOF
    if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
        local id; id=$(kafka_cluster_id)
        "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format \
            -t "$id" -c "$KAFKA_DIR/server.properties" >"$LOG_DIR/kafka-format.log" 2>&1 \
            || { cat "$LOG_DIR/kafka-format.log" >&2; die "could not format Kafka's log directory $KAFKA_DIR/data."; }
        echo "$ports" >"$KAFKA_DIR/ports"
    fi
    local t0; t0=$(now_ms)
    # shellcheck disable=SC2086
    launch kafka "$KAFKA_DIR" "$JAVA" $KAFKA_JAVA_OPTS "$MARKER" -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties"
    kafka_ready() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_DIR/kafka.log"; }
    if ! wait_for kafka "$KAFKA_TIMEOUT" kafka_ready; then
        report_failure kafka "did not become ready within ${KAFKA_TIMEOUT}s"
        return 1
    fi
    ADDR[kafka]="127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
    READY_IN[kafka]=$(secs_since "$t0")
    say "kafka ready on 127.0.0.1:$KAFKA_PORT in ${READY_IN[kafka]}s"
}

start_registry() {
    local t0; t0=$(now_ms)
    # shellcheck disable=SC2086
    launch registry "$RUN_DIR" "$JAVA" $REGISTRY_JAVA_OPTS "$MARKER" -Dquarkus.http.host=127.0.0.1 \
        -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT" -jar "$REGISTRY_JAR"
    if ! wait_for registry "$REGISTRY_TIMEOUT" http_get "$SCHEMA_REGISTRY_PORT" /apis/ccompat/v7/subjects >/dev/null; then
        report_failure registry "did not answer /apis/ccompat/v7/subjects within ${REGISTRY_TIMEOUT}s"
        return 1
    fi
    ADDR[registry]="http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7"
    READY_IN[registry]=$(secs_since "$t0")
    say "registry ready on port $SCHEMA_REGISTRY_PORT in ${READY_IN[registry]}s"
}

service_jar() {
    local jar
    for jar in "$ROOT/$1"/target/"$1"-*.jar; do
        case $jar in *-plain.jar | *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
        [[ -f $jar ]] && { printf '%s' "$jar"; return 0; }
    done
    return 1
}

start_services() { # the services named, or all of them
    local name jar port t0 to_wait=() names=("$@")
    declare -A t0s=()
    ((${#names[@]})) || names=("${SERVICES[@]}")
    for name in "${names[@]}"; do
        if ! jar=$(service_jar "$name"); then SKIPPED+=("$name"); continue; fi
        port=${SERVICE_PORT[$name]}
        if port_open "$port" || port_open "${MANAGEMENT_PORT[$name]}"; then
            say "$name: port $port or its management port ${MANAGEMENT_PORT[$name]} is in use; not starting it (move them with ${SERVICE_PORT_VAR[$name]}=<port>, ${SERVICE_PORT_VAR[$name]%_PORT}_MANAGEMENT_PORT=<port>)"
            FAILED+=("$name"); continue
        fi
        t0s[$name]=$(now_ms)
        # shellcheck disable=SC2086
        launch "$name" "$RUN_DIR" env \
            KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
            SCHEMA_REGISTRY_URL="http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7" \
            DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_NAME="$DB_NAME" \
            DB_USER="$(service_db_user "$name")" DB_PASSWORD="$(service_db_password)" \
            SERVER_PORT="$port" MANAGEMENT_PORT="${MANAGEMENT_PORT[$name]}" OPERATOR_API_KEY="$OPERATOR_API_KEY" \
            TILLSYNC_DEV_MODE="$TILLSYNC_DEV_MODE" \
            ${TILLSYNC_SECRET_KEY:+TILLSYNC_SECRET_KEY="$TILLSYNC_SECRET_KEY"} \
            "$JAVA" $SERVICE_JAVA_OPTS "$MARKER" -jar "$jar"
        to_wait+=("$name")
    done
    ((${#SKIPPED[@]} == 0)) || say "not built, skipped: ${SKIPPED[*]}"
    # ready = the service answers and its broker, Postgres and registry do (kit's readiness group)
    healthy() { http_get "$1" /actuator/health/readiness | grep -q '"status":"UP"'; }
    for name in "${to_wait[@]}"; do
        port=${SERVICE_PORT[$name]}
        if wait_for "$name" "$SERVICE_TIMEOUT" healthy "${MANAGEMENT_PORT[$name]}"; then
            ADDR[$name]="http://127.0.0.1:$port (management ${MANAGEMENT_PORT[$name]})"
            READY_IN[$name]=$(secs_since "${t0s[$name]}")
            say "$name ready on port $port in ${READY_IN[$name]}s"
        else
            report_failure "$name" "was not ready (GET :${MANAGEMENT_PORT[$name]}/actuator/health/readiness UP) within ${SERVICE_TIMEOUT}s; stopping it"
            stop_names "$name"
            FAILED+=("$name")
        fi
    done
}

start_prometheus() {
    command -v prometheus >/dev/null || die "prometheus not found: install Debian's package ('apt-get install prometheus'),
       or start without --with-prometheus."
    require_free "$PROMETHEUS_PORT" PROMETHEUS_PORT
    mkdir -p "$PROMETHEUS_DIR/data"
    local name
    {
        echo "# Written by deploy/stack.sh on each start: this stack's services, Tillsync's rules."
        echo "global: {scrape_interval: 15s, evaluation_interval: 15s}"
        echo "rule_files: ['$ROOT/deploy/observability/prometheus/rules.yml']"
        echo "scrape_configs:"
        for name in "${SERVICES[@]}"; do
            echo "  - {job_name: $name, metrics_path: /actuator/prometheus, static_configs: [{targets: ['127.0.0.1:${MANAGEMENT_PORT[$name]}']}]}"
        done
    } >"$PROMETHEUS_DIR/prometheus.yml"
    local t0; t0=$(now_ms)
    launch prometheus "$PROMETHEUS_DIR" prometheus --config.file="$PROMETHEUS_DIR/prometheus.yml" \
        --storage.tsdb.path="$PROMETHEUS_DIR/data" --storage.tsdb.retention.time=2d \
        --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
    if ! wait_for prometheus 60 http_get "$PROMETHEUS_PORT" /-/ready >/dev/null; then
        report_failure prometheus "did not answer /-/ready within 60s"
        return 1
    fi
    ADDR[prometheus]="http://127.0.0.1:$PROMETHEUS_PORT (alerts: /alerts)"
    READY_IN[prometheus]=$(secs_since "$t0")
    say "prometheus ready on port $PROMETHEUS_PORT in ${READY_IN[prometheus]}s"
}

print_table() {
    local name pid
    printf '\n%-17s %-7s %-10s %-8s %-58s %s\n' COMPONENT PID MEMORY READY ADDRESS LOG
    for name in kafka registry "${SERVICES[@]}" prometheus; do
        if [[ $name == prometheus && $WITH_PROMETHEUS != 1 ]] && ! { pid=$(pid_of prometheus) && is_ours "$pid"; }; then
            continue
        fi
        if pid=$(pid_of "$name") && is_ours "$pid"; then
            printf '%-17s %-7s %-10s %-8s %-58s %s\n' "$name" "$pid" "$(rss_mb "$pid")" "${READY_IN[$name]:+${READY_IN[$name]}s}" \
                "${ADDR[$name]:-$(default_addr "$name")}" "$LOG_DIR/$name.log"
        elif [[ " ${SKIPPED[*]} " == *" $name "* ]]; then
            printf '%-17s %-7s %-10s %-8s %-58s %s\n' "$name" - - - "not built (no $name/target/$name-*.jar)" -
        elif [[ " ${FAILED[*]} " == *" $name "* ]]; then
            printf '%-17s %-7s %-10s %-8s %-58s %s\n' "$name" - - FAILED "$(default_addr "$name")" "$LOG_DIR/$name.log"
        else
            printf '%-17s %-7s %-10s %-8s %-58s %s\n' "$name" - - - "not running" -
        fi
    done
    printf '\nPostgres: %s:%s database %s (admin %s; services as %s)\n' "$DB_HOST" "$DB_PORT" "$DB_NAME" "$DB_USER" \
        "$( [[ $TILLSYNC_DB_ROLES == 1 ]] && echo 'tillsync_intake, tillsync_sync, tillsync_delivery, tillsync_poller' || echo "$DB_USER")"
}

default_addr() {
    case $1 in
        kafka) echo "127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)" ;;
        registry) echo "http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7" ;;
        prometheus) echo "http://127.0.0.1:$PROMETHEUS_PORT (alerts: /alerts)" ;;
        *) echo "http://127.0.0.1:${SERVICE_PORT[$1]} (management ${MANAGEMENT_PORT[$1]})" ;;
    esac
}

# ------------------------------------------------------------------------------------------------------ commands --
running_names() {
    local name pid
    for name in kafka registry "${SERVICES[@]}" prometheus; do
        pid=$(pid_of "$name") && is_ours "$pid" && echo "$name"
    done
}

cmd_up() {
    while (($#)); do
        case $1 in
            --detach | -d) DETACH=1 ;;
            --no-build) BUILD=0 ;;
            --start-postgres) START_POSTGRES=1 ;;
            --with-prometheus) WITH_PROMETHEUS=1 ;;
            -h | --help) usage 0 ;;
            *) say "unknown option $1"; usage 1 ;;
        esac
        shift
    done
    mkdir -p "$LOG_DIR" "$PID_DIR"
    local running; running=$(running_names | tr '\n' ' ')
    [[ -z $running ]] || die "a stack is already running from $RUN_DIR ($running). Stop it with 'deploy/stack.sh down'
       (or start another one with its own TILLSYNC_RUN_DIR and ports)."
    rm -f "$PID_DIR"/*.pid

    database_settings
    ensure_postgres
    ensure_database

    if ((BUILD)); then
        say "building: ./mvnw -q -DskipTests package (skip with --no-build)"
        (cd "$ROOT" && ./mvnw -q -DskipTests package) \
            || die "the build failed (output above). Fix it, or start what is already built with --no-build."
    fi
    require_built
    require_free "$KAFKA_PORT" KAFKA_PORT
    require_free "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
    require_free "$SCHEMA_REGISTRY_PORT" SCHEMA_REGISTRY_PORT
    if ((WITH_PROMETHEUS)); then
        command -v prometheus >/dev/null || die "--with-prometheus needs Prometheus: 'apt-get install prometheus' (Debian)."
        require_free "$PROMETHEUS_PORT" PROMETHEUS_PORT
    fi

    # From here on, anything that goes wrong (or Ctrl-C) stops what was started.
    trap 'say "stopping"; stop_all; exit 130' INT
    trap 'say "stopping"; stop_all; exit 143' TERM
    trap 'stop_all' EXIT

    start_kafka || exit 1
    start_registry || exit 1
    start_services
    if ((WITH_PROMETHEUS)); then start_prometheus || FAILED+=(prometheus); fi
    print_table
    if [[ $TILLSYNC_DEV_MODE == true ]]; then
        say "DEVELOPMENT MODE (TILLSYNC_DEV_MODE=true): public development keys accepted${TILLSYNC_SECRET_KEY:+ (TILLSYNC_SECRET_KEY is yours)}; never expose this stack"
    fi
    if [[ $OPERATOR_API_KEY == local-operator-key ]]; then
        say "management APIs: header 'Authorization: Bearer local-operator-key' (development default; set OPERATOR_API_KEY)"
    else
        say "management APIs: header 'Authorization: Bearer <your OPERATOR_API_KEY>'"
    fi

    if ((DETACH)); then
        trap - INT TERM EXIT
        say "running in the background; stop with: deploy/stack.sh down"
        ((${#FAILED[@]} == 0)) || exit 1
        exit 0
    fi
    say "running; Ctrl-C stops everything"
    local name pid
    declare -A reported=()
    while true; do
        sleep 2 &
        wait $! 2>/dev/null
        for name in "${STARTED[@]}"; do
            pid=$(pid_of "$name") || continue
            if [[ -z ${reported[$name]:-} ]] && ! is_alive "$pid"; then
                reported[$name]=1
                say "$name exited; see $LOG_DIR/$name.log"
            fi
        done
    done
}

cmd_down() {
    local running; running=$(running_names | tr '\n' ' ')
    if [[ -z $running ]]; then
        say "nothing running from $RUN_DIR"
        rm -f "$PID_DIR"/*.pid 2>/dev/null
        return 0
    fi
    say "stopping $running"
    stop_all
    say "stopped"
}

cmd_start() {
    (($#)) || usage 1
    mkdir -p "$LOG_DIR" "$PID_DIR"
    database_settings
    local name pid
    for name in "$@"; do
        if pid=$(pid_of "$name") && is_ours "$pid"; then
            say "$name already runs (pid $pid)"
            continue
        fi
        case $name in
            kafka) start_kafka || exit 1 ;;
            registry) start_registry || exit 1 ;;
            prometheus) WITH_PROMETHEUS=1; start_prometheus || exit 1 ;;
            *) [[ -n ${SERVICE_PORT[$name]:-} ]] || die "unknown component '$name' (kafka, registry, ${SERVICES[*]})"
               start_services "$name" ;;
        esac
    done
    ((${#FAILED[@]} == 0))
}

cmd_stop() {
    local kill=0 names=()
    while (($#)); do
        case $1 in
            --kill) kill=1 ;;
            kafka | registry | prometheus) names+=("$1") ;;
            *) [[ -n ${SERVICE_PORT[$1]:-} ]] || die "unknown component '$1' (kafka, registry, ${SERVICES[*]})"
               names+=("$1") ;;
        esac
        shift
    done
    ((${#names[@]})) || usage 1
    local name pid
    for name in "${names[@]}"; do
        if ! { pid=$(pid_of "$name") && is_ours "$pid"; }; then
            say "$name is not running"
            continue
        fi
        if ((kill)); then
            kill -KILL "$pid" 2>/dev/null
            # a dying JVM's main thread shows as a zombie before its other threads (and sockets) are gone
            local port=${SERVICE_PORT[$name]:-}
            [[ $name == kafka ]] && port=$KAFKA_PORT
            [[ $name == registry ]] && port=$SCHEMA_REGISTRY_PORT
            local deadline=$((SECONDS + 15))
            while { is_alive "$pid" || port_open "$port"; } && ((SECONDS < deadline)); do sleep 0.1; done
            rm -f "$PID_DIR/$name.pid"
            say "$name killed (SIGKILL)"
        else
            stop_names "$name"
            say "$name stopped"
        fi
    done
}

cmd_status() {
    database_settings
    print_table
}

case ${1:-} in
    up) shift; cmd_up "$@" ;;
    down) shift; cmd_down ;;
    status) shift; cmd_status ;;
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    -h | --help | help) usage 0 ;;
    *) usage 1 ;;
esac
