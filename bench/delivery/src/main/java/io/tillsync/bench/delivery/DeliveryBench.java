package io.tillsync.bench.delivery;

import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.LoggerFactory;

/**
 * Benchmark of delivery-service, run as its own JVM from its exec jar on the real broker, registry and Postgres
 * (test-support's TestStack), delivering to a local receiver that answers immediately. Phases, each on tenants of
 * its own: warm-up; A, throughput with every endpoint healthy; C, latency from event on topic to first attempt at
 * half of A's rate (open loop); B, throughput with 10% of endpoints failing (answering 500, then hanging until the
 * client times out), the healthy endpoints' rate compared with A's; S, one endpoint with a 10,000-event backlog against
 * A's aggregate; P, the same backlog for one fast endpoint beside a slow one (200 ms answers), against S; R, A's load
 * while retention purges expired rows, against A just before it.
 */
public final class DeliveryBench {

    private static final String OPERATOR_KEY = "bench-operator-key";

    private final TestStack stack;
    private final Receiver receiver;
    private final String serviceUrl;
    private final KafkaProducer<String, PlatformEvent> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final int tenants;
    private final int endpointsPerTenant;
    private final Costs costs;

    private DeliveryBench(TestStack stack, Receiver receiver, String serviceUrl, int tenants, int endpointsPerTenant,
            Costs costs) {
        this.costs = costs;
        this.stack = stack;
        this.receiver = receiver;
        this.serviceUrl = serviceUrl;
        this.tenants = tenants;
        this.endpointsPerTenant = endpointsPerTenant;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, Topics.PLATFORM_EVENTS.keySerde().serializer(),
                Topics.PLATFORM_EVENTS.valueSerde(stack.registryUrl()).serializer());
    }

    /** Tenants and endpoints of one phase; {@code failing[t]} is true when tenant t has one failing endpoint. */
    record Setup(String phase, int tenants, int endpointsPerTenant, boolean[] failing) {

        int endpoints() {
            return tenants * endpointsPerTenant;
        }

        int failingEndpoints() {
            int n = 0;
            for (boolean f : failing) {
                n += f ? 1 : 0;
            }
            return n;
        }

        String tenant(int t) {
            return phase + "-t" + t;
        }

        /** Healthy deliveries one event of tenant t makes. */
        int healthyPerEvent(int t) {
            return endpointsPerTenant - (failing[t] ? 1 : 0);
        }
    }

    /** Runs the phases; any failure ends the JVM with status 1 (the broker's threads would keep it alive). */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path jar = Path.of(args[0]);
        int tenants = env("BENCH_TENANTS", 20);
        int perTenant = env("BENCH_ENDPOINTS_PER_TENANT", 5);
        int events = env("BENCH_EVENTS", 8_000);
        int latencySeconds = env("BENCH_LATENCY_SECONDS", 20);
        String failModes = System.getenv().getOrDefault("BENCH_FAIL_MODES", "status,hang");

        TestStack stack = TestStack.start();
        Receiver receiver = Receiver.start();
        ServiceProcess service = ServiceProcess.start(jar, stack, List.of(
                "-Dtillsync.security.operator-key=" + OPERATOR_KEY,
                "-Dtillsync.delivery.allow-loopback-targets=true",
                // failing endpoints stay enabled for the whole run: the worst case for the healthy ones
                "-Dtillsync.delivery.health.disable-at=" + env("BENCH_DISABLE_AT", 1_000_000),
                "-Dtillsync.delivery.retry.schedule=" + System.getenv().getOrDefault("BENCH_RETRY_SCHEDULE",
                        "1s,2s,4s,8s,16s"),
                // phase R: the purge runs rounds back to back while expired rows are left
                "-Dtillsync.delivery.retention.interval=1s"));
        try {
            DeliveryBench bench = new DeliveryBench(stack, receiver, service.baseUrl(), tenants, perTenant,
                    new Costs(service.pid(), service.baseUrl(), stack.database()));
            System.out.printf(Locale.ROOT, "INFO setup: %d tenants x %d endpoints per phase, %d events per throughput "
                    + "phase (%d deliveries), service log %s%n", tenants, perTenant, events, events * perTenant,
                    service.log());
            // warm-up until the JIT settled (the service's CPU per delivery falls about threefold over the first ~50k)
            for (int round = 1; round <= env("BENCH_WARMUP_ROUNDS", 2); round++) {
                bench.throughput(bench.setup("warm" + round, tenants, null), events);
            }

            // A and B alternate in rounds and every B is compared with the A of its own round: the machine is shared,
            // and what else runs on it moves absolute rates more than failing endpoints do
            int rounds = env("BENCH_ROUNDS", 2);
            List<Double> aRates = new ArrayList<>();
            java.util.Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> bRates = new java.util.LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                Throughput a = bench.throughput(bench.setup("a" + round, tenants, null), events);
                print("A all healthy, round " + round, a);
                aRates.add(a.steadyRate());
                if (round == 1) {
                    double latencyRate = a.steadyRate() / 2 / perTenant;
                    Setup c = bench.setup("c", tenants, null);
                    Costs.Reading beforeC = bench.costs.read();
                    bench.openLoop(c, latencyRate, latencySeconds);
                    bench.costs.print("C", beforeC, bench.costs.read(), receiver.successes(c.phase()));
                    Latency latency = bench.latency(c);
                    System.out.printf(Locale.ROOT, "RESULT first_attempt_latency_ms p50=%.1f p99=%.1f p999=%.1f "
                            + "max=%.1f (%d deliveries at %.0f events/s = %.0f deliveries/s, half of A round 1)%n",
                            latency.p50(), latency.p99(), latency.p999(), latency.max(), latency.count(), latencyRate,
                            latencyRate * perTenant);
                }
                for (String mode : failModes.split(",")) {
                    boolean[] failing = new boolean[tenants];
                    int failingEndpoints = Math.max(1, tenants * perTenant / 10);
                    for (int t = 0; t < failingEndpoints && t < tenants; t++) {
                        failing[t] = true;
                    }
                    Setup b = bench.setup("b" + mode.charAt(0) + round, tenants, failing, mode);
                    Throughput rb = bench.throughput(b, events);
                    print("B 10% failing (" + mode + "), round " + round, rb);
                    double perEndpointA = a.steadyRate() / a.setup().endpoints();
                    double perEndpointB = rb.steadyRate() / (b.endpoints() - b.failingEndpoints());
                    ratios.computeIfAbsent(mode, m -> new ArrayList<>()).add(perEndpointB / perEndpointA);
                    bRates.computeIfAbsent(mode, m -> new ArrayList<>()).add(rb.steadyRate());
                    System.out.printf(Locale.ROOT, "INFO B (%s) round %d: failing endpoints %d/%d, %d failed attempts "
                            + "during the phase, per-healthy-endpoint rate vs A of this round %.2f%n", mode, round,
                            b.failingEndpoints(), b.endpoints(), receiver.failures(b.phase()), perEndpointB / perEndpointA);
                }
            }
            double aggregate = median(aRates);

            // S: one endpoint with a backlog, against the 100-endpoint aggregate of this run
            int singleEvents = env("BENCH_SINGLE_EVENTS", 10_000);
            Throughput solo = bench.throughput(bench.setup("s", 1, 1, null, "status", false), singleEvents);
            print("S one endpoint, " + singleEvents + "-event backlog", solo);
            System.out.printf(Locale.ROOT, "RESULT single_endpoint_deliveries_per_s=%.0f (whole backlog %.0f/s in "
                    + "%.1f s) ratio_vs_aggregate=%.2f (targets >= 2000 and >= 0.50 of %.0f)%n", solo.steadyRate(),
                    solo.wholeRate(), solo.wholeSeconds(), solo.steadyRate() / aggregate, aggregate);

            // P: the same backlog for one fast endpoint while a slow one (200 ms answers) has a backlog of its own
            Setup fast = bench.setup("pf", 1, 1, null, "status", false);
            Setup slow = bench.setup("ps", 1, 1, null, "status", true);
            int slowEvents = env("BENCH_SLOW_EVENTS", 2_000);
            Throughput withSlow = bench.throughput(fast, singleEvents, slow, slowEvents);
            print("P fast endpoint beside a slow one", withSlow);
            System.out.printf(Locale.ROOT, "RESULT fast_beside_slow_deliveries_per_s=%.0f ratio_vs_solo=%.2f "
                    + "(target >= 0.80; slow endpoint %d of %d answered by then)%n", withSlow.steadyRate(),
                    withSlow.steadyRate() / solo.steadyRate(), receiver.successes("ps"), slowEvents);
            long slowDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (receiver.successes("ps") < slowEvents && System.nanoTime() < slowDeadline) {
                Thread.sleep(100);
            }

            // R: retention purging a backlog of expired rows during the load of A, against A just before it
            Throughput base = bench.throughput(bench.setup("r0", tenants, null), events);
            print("R0 all healthy, no purge", base);
            long seeded = bench.seedExpired(env("BENCH_PURGE_ROWS", 150_000));
            long expiredBefore = bench.expiredRows();
            Throughput purging = bench.throughput(bench.setup("r1", tenants, null), events);
            long purgedDuring = expiredBefore - bench.expiredRows();
            print("R1 all healthy, retention purging", purging);
            System.out.printf(Locale.ROOT, "RESULT purge_during_load healthy_deliveries_per_s=%.0f ratio_vs_no_purge=%.2f "
                    + "(target >= 0.90: purging costs < 10%%; %d expired rows purged during the phase of %d seeded x 3 "
                    + "tables)%n", purging.steadyRate(), purging.steadyRate() / base.steadyRate(), purgedDuring, seeded);

            System.out.printf(Locale.ROOT, "RESULT healthy_deliveries_per_s=%.0f (median of %s; target >= 2000)%n",
                    aggregate, fmt(aRates));
            for (String mode : ratios.keySet()) {
                System.out.printf(Locale.ROOT, "RESULT failing_mode=%s healthy_deliveries_per_s=%s "
                        + "per_healthy_endpoint_ratio_vs_A=%.2f (median of %s; target >= 0.90)%n", mode,
                        fmt(bRates.get(mode)), median(ratios.get(mode)), fmt2(ratios.get(mode)));
            }
            long duplicates = 0;
            for (String phase : receiver.phases()) {
                duplicates += receiver.duplicates(phase);
            }
            bench.lost(duplicates);
        } finally {
            service.close();
            receiver.close();
        }
        System.exit(0);
    }

    private static void print(String name, Throughput t) {
        System.out.printf(Locale.ROOT, "INFO %s: %d healthy deliveries, steady (10%%..90%%) %.0f/s, whole phase %.0f/s "
                + "(publish to last delivery %.1f s), load average %s%n", name, t.expected(), t.steadyRate(),
                t.wholeRate(), t.wholeSeconds(), loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString().replace(" ", "");
    }

    private static String fmt2(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString().replace(" ", "");
    }

    private Setup setup(String phase, int tenantCount, boolean[] failing) throws Exception {
        return setup(phase, tenantCount, failing, "status");
    }

    private Setup setup(String phase, int tenantCount, boolean[] failing, String failMode) throws Exception {
        return setup(phase, tenantCount, endpointsPerTenant, failing, failMode, false);
    }

    /** Creates the phase's endpoints through the service's API ({@code slow}: they answer after 200 ms). */
    private Setup setup(String phase, int tenantCount, int perTenant, boolean[] failing, String failMode,
            boolean slow) throws Exception {
        Setup setup = new Setup(phase, tenantCount, perTenant,
                failing == null ? new boolean[tenantCount] : failing);
        for (int t = 0; t < tenantCount; t++) {
            for (int e = 0; e < perTenant; e++) {
                boolean fails = setup.failing()[t] && e == 0;
                String url = fails ? receiver.failingUrl(phase, failMode) + "/" + t + "/" + e
                        : (slow ? receiver.slowUrl(phase) : receiver.healthyUrl(phase)) + "/" + t + "/" + e;
                String body = "{\"name\":\"bench " + t + "/" + e + "\",\"url\":\"" + url + "\"}";
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(serviceUrl + "/api/tenants/" + setup.tenant(t) + "/endpoints"))
                        .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("endpoint not created: " + response.statusCode() + " " + response.body());
                }
            }
        }
        return setup;
    }

    private ProducerRecord<String, PlatformEvent> event(Setup setup, int i) {
        int t = i % setup.tenants();
        String tenant = setup.tenant(t);
        String item = "item-" + (i / setup.tenants()) % 500;
        PlatformEvent event = PlatformEvent.newBuilder()
                .setEventId(setup.phase() + "-" + i + "-" + UUID.randomUUID())
                .setTenant(tenant)
                .setType("inventory.updated")
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSubject(item)
                .setData(InventoryUpdated.newBuilder().setItemId(item).setLocationId("loc-1")
                        .setQuantity(new BigDecimal(i % 1000).setScale(4)).setPreviousQuantity(BigDecimal.ONE.setScale(4))
                        .build())
                .build();
        return new ProducerRecord<>(Topics.PLATFORM_EVENTS.name(), tenant + ":" + item, event);
    }

    /** Result of a throughput phase: healthy deliveries expected and the receiver's success timestamps. */
    record Throughput(Setup setup, int expected, long startNanos, long[] successNanos) {

        double steadyRate() {
            int lo = (int) (successNanos.length * 0.1);
            int hi = (int) (successNanos.length * 0.9);
            return (hi - lo) / ((successNanos[hi] - successNanos[lo]) / 1e9);
        }

        double wholeSeconds() {
            return (successNanos[successNanos.length - 1] - startNanos) / 1e9;
        }

        double wholeRate() {
            return expected / wholeSeconds();
        }
    }

    /** Publishes {@code events} at once and waits for every healthy delivery to be answered 200. */
    private Throughput throughput(Setup setup, int events) throws Exception {
        return throughput(setup, events, null, 0);
    }

    /**
     * As {@link #throughput(Setup, int)}, with {@code backgroundEvents} for {@code background} published alongside
     * (interleaved); only {@code setup}'s deliveries are measured and waited for.
     */
    private Throughput throughput(Setup setup, int events, Setup background, int backgroundEvents) throws Exception {
        int expected = 0;
        for (int i = 0; i < events; i++) {
            expected += setup.healthyPerEvent(i % setup.tenants());
        }
        receiver.expect(setup.phase(), expected);
        if (background != null) {
            receiver.expect(background.phase(), backgroundEvents * background.endpointsPerTenant());
        }
        Costs.Reading before = costs.read();
        long start = System.nanoTime();
        for (int i = 0; i < Math.max(events, backgroundEvents); i++) {
            if (i < events) {
                producer.send(event(setup, i));
            }
            if (background != null && i < backgroundEvents) {
                producer.send(event(background, i));
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (receiver.successes(setup.phase()) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("phase " + setup.phase() + ": only " + receiver.successes(setup.phase())
                        + " of " + expected + " deliveries after 10 minutes");
            }
            Thread.sleep(50);
        }
        costs.print(setup.phase(), before, costs.read(), expected);
        return new Throughput(setup, expected, start, receiver.successTimes(setup.phase()));
    }

    /** Publishes at a fixed event rate (open loop, ticks of 10 ms) and waits until every delivery was made. */
    private void openLoop(Setup setup, double eventsPerSecond, int seconds) throws Exception {
        int total = (int) (eventsPerSecond * seconds);
        int expected = total * endpointsPerTenant;
        receiver.expect(setup.phase(), expected);
        long start = System.nanoTime();
        int sent = 0;
        while (sent < total) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * eventsPerSecond);
            while (sent < Math.min(due, total)) {
                producer.send(event(setup, sent++));
            }
            Thread.sleep(10);
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (receiver.successes(setup.phase()) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    record Latency(long count, double p50, double p99, double p999, double max) {
    }

    /** Event on topic (Kafka timestamp) to the first attempt of each delivery, from the service's own records. */
    private Latency latency(Setup setup) throws SQLException {
        String sql = """
                SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.999) WITHIN GROUP (ORDER BY ms), max(ms)
                FROM (SELECT extract(epoch FROM min(a.created_at) - m.on_topic_at) * 1000 AS ms
                      FROM delivery.message m JOIN delivery.message_attempt a ON a.message_id = m.id
                      WHERE m.tenant LIKE ? GROUP BY a.delivery_id, m.on_topic_at) x
                """;
        try (Connection c = stack.database().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, setup.phase() + "-t%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Latency(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
            }
        }
    }

    /**
     * Stores {@code n} messages, each with a delivered delivery and its attempt, all 100 days old (past every default
     * retention window), for a disabled endpoint of a tenant of their own; returns {@code n}.
     */
    private long seedExpired(int n) throws SQLException {
        String sql = """
                WITH e AS (
                    INSERT INTO delivery.endpoint (id, tenant, name, url, secret_enc, status)
                    VALUES (gen_random_uuid(), 'expired', 'expired', 'http://127.0.0.1:9/expired', 'unused', 'DISABLED')
                    RETURNING id
                ), m AS (
                    INSERT INTO delivery.message (id, tenant, event_id, event_type, occurred_at, payload, on_topic_at,
                                                  created_at)
                    SELECT gen_random_uuid(), 'expired', 'expired-' || g || '-' || gen_random_uuid(), 'inventory.updated',
                           now() - interval '100 days', '{}', now() - interval '100 days', now() - interval '100 days'
                    FROM generate_series(1, ?) g
                    RETURNING id
                ), d AS (
                    INSERT INTO delivery.delivery (id, message_id, endpoint_id, tenant, event_type, status, attempts,
                                                   created_at, updated_at)
                    SELECT gen_random_uuid(), m.id, e.id, 'expired', 'inventory.updated', 'SUCCEEDED', 1,
                           now() - interval '100 days', now() - interval '100 days'
                    FROM m, e
                    RETURNING id, message_id, endpoint_id
                )
                INSERT INTO delivery.message_attempt (id, delivery_id, message_id, endpoint_id, tenant, event_type,
                                                      attempt_no, trigger, outcome, response_status, duration_ms, created_at)
                SELECT gen_random_uuid(), d.id, d.message_id, d.endpoint_id, 'expired', 'inventory.updated', 1,
                       'scheduled', 'SUCCEEDED', 200, 1, now() - interval '100 days'
                FROM d
                """;
        try (Connection c = stack.database().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, n);
            ps.executeUpdate();
        }
        return n;
    }

    /** Expired rows (attempts, deliveries, messages of the seeded tenant) still stored. */
    private long expiredRows() throws SQLException {
        try (Connection c = stack.database().connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM delivery.message_attempt WHERE tenant = 'expired')
                     + (SELECT count(*) FROM delivery.delivery WHERE tenant = 'expired')
                     + (SELECT count(*) FROM delivery.message WHERE tenant = 'expired')""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Checks the service's books once its last results are written (they trail the receiver by a batch): every
     * healthy delivery of every phase SUCCEEDED.
     */
    private void lost(long duplicates) throws Exception {
        long succeeded = 0;
        long stored = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (succeeded != stored && System.nanoTime() < deadline) {
            try (Connection c = stack.database().connect(); PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*) FILTER (WHERE d.status = 'SUCCEEDED'), count(*)
                    FROM delivery.delivery d JOIN delivery.endpoint e ON e.id = d.endpoint_id
                    WHERE e.url NOT LIKE '%/fail/%'""")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    succeeded = rs.getLong(1);
                    stored = rs.getLong(2);
                }
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "RESULT healthy_deliveries_succeeded=%d of %d stored; duplicate deliveries "
                + "seen by the receiver: %d%n", succeeded, stored, duplicates);
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }

    /** delivery-service from its exec jar, in a JVM of its own, on the bench's stack and database. */
    static final class ServiceProcess implements AutoCloseable {

        private final Process process;
        private final int port;
        private final Path log;

        private ServiceProcess(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static ServiceProcess start(Path jar, TestStack stack, List<String> settings) throws Exception {
            int port = TestStack.freePort();
            Path log = Path.of("target", "delivery-service.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            TestStack.Database db = stack.database();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms512m", "-Xmx512m",
                    "-DKAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers(),
                    "-DSCHEMA_REGISTRY_URL=" + stack.registryUrl(),
                    "-DDB_HOST=" + db.host(), "-DDB_PORT=" + db.port(), "-DDB_NAME=" + db.name(),
                    "-DDB_USER=" + db.user(), "-DDB_PASSWORD=" + db.password(), "-DSERVER_PORT=" + port));
            command.addAll(settings);
            String extra = System.getenv("BENCH_SERVICE_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ServiceProcess service = new ServiceProcess(process, port, log);
            service.awaitReady();
            return service;
        }

        private void awaitReady() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            // a loaded shared machine can take minutes to start a JVM: BENCH_READY_MINUTES (10)
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(env("BENCH_READY_MINUTES", 10));
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("delivery-service exited; see " + log);
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("delivery-service not ready in time; see " + log);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        Path log() {
            return log;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
