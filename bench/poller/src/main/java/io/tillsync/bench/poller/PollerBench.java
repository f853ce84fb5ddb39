package io.tillsync.bench.poller;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.poller.SyncSchema;
import io.tillsync.poller.clover.FakeClover;
import io.tillsync.poller.pos.FakePlatform;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Clover polling benchmark. In this JVM: the real broker (KRaft), the real registry (child process), a fresh Postgres
 * database and the fake Clover enforcing Clover's rate limits (16/s and 5 in flight per token, 50/s and 10 in flight
 * per app, 429 beyond). poller-service runs as its own process (its exec jar, production defaults, schedule parked)
 * so its CPU time is its own. Phases, both triggered the way sync-service does it (one PollRequest per tenant on
 * poll.requests): initial sync of MERCHANTS x ITEMS, then an incremental poll with one changed item per merchant.
 */
public final class PollerBench {

    private static final int MERCHANTS = Integer.getInteger("bench.merchants", 50);
    private static final int ITEMS = Integer.getInteger("bench.items", 2000);
    private static final long OLD = 1_700_000_000_000L;
    /** Which phases run: clover and/or toast, square, shopify ({@code -Dbench.providers}). */
    private static final List<String> PROVIDERS = List.of(System.getProperty("bench.providers", "clover").split(","));

    public static void main(String[] args) {
        try {
            run(Path.of(args[0]));
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the broker's threads would keep the JVM alive; the shutdown hook stops the stack
        }
        System.exit(0);
    }

    private static void run(Path jar) throws Exception {
        TestStack stack = TestStack.start();
        SyncSchema.migrate();
        FakeClover clover = new FakeClover(FakeClover.Limits.CLOVER);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretKey = Base64.getEncoder().encodeToString(key);
        SecretBox box = SecretBox.fromBase64(secretKey);

        connection(box, clover, "bench-warmup", "MWARM", 1);
        List<String> tenants = new ArrayList<>();
        if (PROVIDERS.contains("clover")) {
            for (int m = 1; m <= MERCHANTS; m++) {
                tenants.add(connection(box, clover, "bench-t" + m, "M" + m, ITEMS));
            }
        }
        List<PosPhases.Provider> pos = new ArrayList<>();
        for (String p : PROVIDERS) {
            switch (p) {
                case "toast" -> pos.add(PosPhases.toast());
                case "square" -> pos.add(PosPhases.square());
                case "shopify" -> pos.add(PosPhases.shopify());
                default -> { }
            }
        }
        Map<String, List<String>> posTenants = new java.util.LinkedHashMap<>();
        for (PosPhases.Provider p : pos) {
            posTenants.put(p.name(), p.connect(box, MERCHANTS, ITEMS));
        }

        Process poller = startPoller(jar, stack, secretKey);
        try {
            awaitHealthy(poller);
            // warm-up: the listener's group join, the producer, schema registration, JIT of the poll path
            sendAll(stack, List.of("bench-warmup"));
            awaitPolled("bench-warmup", 1, 1, Duration.ofMinutes(2));
            clover.reset();
            for (PosPhases.Provider p : pos) {
                posPhase(stack, poller, p, posTenants.get(p.name()));
            }
            if (!PROVIDERS.contains("clover")) {
                return;
            }

            // ---- initial sync
            Map<String, double[]> pages0 = pagePhases();
            long cpu0 = cpuNanos(poller);
            Instant start = Instant.now();
            sendAll(stack, tenants);
            Instant end = awaitPolled("bench-t", MERCHANTS, 1, Duration.ofMinutes(30));
            long cpu1 = cpuNanos(poller);
            Map<String, double[]> pages1 = pagePhases();
            List<FakeClover.Request> initial = clover.requests();
            long held = count("SELECT count(*) FROM poller.clover_item WHERE connection_id IN "
                    + "(SELECT connection_id FROM poller.clover_merchant WHERE tenant LIKE 'bench-t%')");
            long records = catalogRecords(stack);

            // ---- incremental: one changed item per merchant
            for (int m = 1; m <= MERCHANTS; m++) {
                int item = 1 + (m * 37) % ITEMS;
                clover.update("M" + m, "I" + item, i -> i.withPrice(i.price() + 100, System.currentTimeMillis()));
            }
            clover.reset();
            long cpu2 = cpuNanos(poller);
            Instant incStart = Instant.now();
            sendAll(stack, tenants);
            Instant incEnd = awaitPolled("bench-t", MERCHANTS, 2, Duration.ofMinutes(5));
            long cpu3 = cpuNanos(poller);
            Map<String, double[]> pages2 = pagePhases();
            List<FakeClover.Request> incremental = clover.requests();
            long recordsAfter = catalogRecords(stack);

            double seconds = Duration.between(start, end).toMillis() / 1000.0;
            double cpuSeconds = (cpu1 - cpu0) / 1e9;
            long okRequests = initial.stream().filter(r -> r.status() == 200).count();
            long minRequests = (long) MERCHANTS * (ITEMS / 100 + 1);
            double floor = okRequests / 50.0;
            System.out.println();
            System.out.println("== Clover polling benchmark: " + MERCHANTS + " merchants x " + ITEMS + " items, fake Clover "
                    + "enforcing 16/s + 5 in flight per token, 50/s + 10 in flight per app ==");
            System.out.printf("initial sync: %.2f s for %d items (%d item rows held, %d records on catalog.changes)%n",
                    seconds, (long) MERCHANTS * ITEMS, held, records);
            System.out.printf("  requests: %d answered 200 (minimum %d: %d pages of 100 + 1 short page per merchant), "
                    + "%d answered 429%n", okRequests, minRequests, ITEMS / 100, initial.size() - okRequests);
            System.out.printf("  rate-limit floor: %d requests at 50/s = %.2f s; measured/floor = %.2f%n", okRequests,
                    floor, seconds / floor);
            System.out.printf("  poller CPU: %.2f s (%.2f cores on average) = %.3f CPU s per 1,000 items%n", cpuSeconds,
                    cpuSeconds / seconds, cpuSeconds / (MERCHANTS * ITEMS / 1000.0));
            System.out.println("  per page (mean over all workers): " + phases(pages0, pages1));
            System.out.printf("incremental poll (1 changed item per merchant): %d ms for %d merchants (target < 2000 ms)%n",
                    Duration.between(incStart, incEnd).toMillis(), MERCHANTS);
            System.out.printf("  requests: %d (%d merchants asked once each: %s), 429s: %d, new records: %d, poller CPU %.2f s%n",
                    incremental.size(), incremental.stream().map(FakeClover.Request::merchantId).distinct().count(),
                    perMerchantOnce(incremental), incremental.stream().filter(r -> r.status() == 429).count(),
                    recordsAfter - records, (cpu3 - cpu2) / 1e9);
            System.out.println("  per page (mean): " + phases(pages1, pages2));
            System.out.printf(java.util.Locale.ROOT, "RESULT initial_sync_s=%.2f for %d items, requests=%d, "
                    + "measured/rate-limit floor=%.2f (target: limited by the fake's rate limit), "
                    + "poller CPU s per 1000 items=%.3f%n", seconds, (long) MERCHANTS * ITEMS, okRequests, seconds / floor,
                    cpuSeconds / (MERCHANTS * ITEMS / 1000.0));
            System.out.printf(java.util.Locale.ROOT, "RESULT incremental_poll_ms=%d for %d merchants, requests=%d, "
                    + "one per merchant=%s (target < 2000 ms, exactly one request per merchant)%n",
                    Duration.between(incStart, incEnd).toMillis(), MERCHANTS, incremental.size(),
                    perMerchantOnce(incremental));
            System.out.printf("machine load average while measuring: %.1f on %d cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            poller.destroy();
            poller.waitFor();
            clover.close();
        }
    }

    /** Initial sync and one incremental poll of one provider's connections; prints its RESULT lines. */
    private static void posPhase(TestStack stack, Process poller, PosPhases.Provider p, List<String> tenants)
            throws Exception {
        String prefix = "bench-" + p.name() + "-t";
        p.fakes().forEach(FakePlatform::clearRequests);
        long cpu0 = cpuNanos(poller);
        Instant start = Instant.now();
        sendAll(stack, tenants);
        Instant end = awaitPosPolled(prefix, MERCHANTS, 1, Duration.ofMinutes(30));
        long cpu1 = cpuNanos(poller);
        long requests = p.fakes().stream().mapToLong(f -> f.requests().size()).sum();
        long rateLimited = p.fakes().stream().mapToLong(f -> f.requests().stream().filter(r -> r.status() == 429)
                .count()).sum();
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        double cpu = (cpu1 - cpu0) / 1e9;
        long minimum = p.minimumInitial(ITEMS) * MERCHANTS;

        p.changeOnePerConnection(MERCHANTS, ITEMS);
        p.fakes().forEach(FakePlatform::clearRequests);
        Instant incStart = Instant.now();
        sendAll(stack, tenants);
        Instant incEnd = awaitPosPolled(prefix, MERCHANTS, 2, Duration.ofMinutes(5));
        long incRequests = p.fakes().stream().mapToLong(f -> f.requests().size()).sum();
        double floor = p.floorSeconds(ITEMS);
        System.out.println();
        System.out.printf(java.util.Locale.ROOT, "== %s polling: %d connections x %d items ==%n", p.name(), MERCHANTS,
                ITEMS);
        System.out.printf(java.util.Locale.ROOT, "RESULT %s initial_sync_s=%.2f requests=%d (minimum at the largest "
                + "page %d, ratio %.2f, target <= 1.10), 429s=%d, rate-limit floor per connection %.2f s, "
                + "poller CPU s per 1000 items=%.3f%n", p.name(), seconds, requests, minimum,
                (double) requests / minimum, rateLimited, floor, cpu / (MERCHANTS * ITEMS / 1000.0));
        System.out.printf(java.util.Locale.ROOT, "RESULT %s incremental_poll_ms=%d for %d connections, requests=%d "
                + "(minimum %d = %d per connection; target < 2000 ms)%n", p.name(),
                Duration.between(incStart, incEnd).toMillis(), MERCHANTS, incRequests,
                p.minimumIncremental() * MERCHANTS, p.minimumIncremental());
    }

    /** A connection of a Toast, Square or Shopify tenant to its fake; answers the tenant. */
    static String posConnection(SecretBox box, String tenant, String provider, String account, String token,
            String baseUrl) {
        sql("""
                INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url)
                VALUES (?, ?, ?, ?, 'active', ?, ?)""",
                "con_" + UUID.randomUUID(), tenant, provider, account, box.encrypt(token), baseUrl);
        return tenant;
    }

    /** Waits until every connection of tenants with the prefix completed {@code polls} polls; answers the last's end. */
    private static Instant awaitPosPolled(String prefix, int connections, int polls, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*), max(last_polled_at) FROM poller.poll_connection
                    WHERE tenant LIKE ? AND poll_count >= ? AND lease_owner IS NULL""")) {
                ps.setString(1, prefix + "%");
                ps.setInt(2, polls);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= connections) {
                        return rs.getTimestamp(2).toInstant();
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("connections " + prefix + "* did not complete " + polls + " poll(s) in " + timeout);
    }

    private static boolean perMerchantOnce(List<FakeClover.Request> requests) {
        return requests.stream().collect(java.util.stream.Collectors.groupingBy(FakeClover.Request::merchantId,
                java.util.stream.Collectors.counting())).values().stream().allMatch(n -> n == 1)
                && requests.size() == MERCHANTS;
    }

    private static String connection(SecretBox box, FakeClover clover, String tenant, String merchant, int items) {
        String token = "tok-" + UUID.randomUUID();
        clover.merchant(merchant, token).items(merchant, "I", items, OLD);
        sql("""
                INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url)
                VALUES (?, ?, 'clover', ?, 'active', ?, ?)""",
                "con_" + UUID.randomUUID(), tenant, merchant, box.encrypt(token), clover.baseUrl());
        return tenant;
    }

    private static PollRequest request(String tenant) {
        return PollRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setTenant(tenant).setKind(PollKind.CATALOG).setTrigger(PollTrigger.MANUAL)
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setCorrelationId(UUID.randomUUID().toString())
                .build();
    }

    private static KafkaProducer<String, PollRequest> producer;

    /** One manual sync request per tenant, as sync-service publishes them, through one warm producer. */
    private static void sendAll(TestStack stack, List<String> tenants) throws Exception {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, Topics.POLL_REQUESTS.keySerde().serializer(),
                    Topics.POLL_REQUESTS.valueSerde(stack.registryUrl()).serializer());
            producer.send(new ProducerRecord<>(Topics.POLL_REQUESTS.name(), "bench-none", request("bench-none"))).get();
        }
        for (String tenant : tenants) {
            producer.send(new ProducerRecord<>(Topics.POLL_REQUESTS.name(), tenant, request(tenant)));
        }
        producer.flush();
    }

    /** tillsync.clover.page timer per phase from the poller's Prometheus endpoint: {sum seconds, count}. */
    private static Map<String, double[]> pagePhases() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, double[]> out = new java.util.TreeMap<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith("tillsync_clover_page_seconds_sum") && !line.startsWith("tillsync_clover_page_seconds_count")) {
                continue;
            }
            java.util.regex.Matcher phase = java.util.regex.Pattern.compile("phase=\"([a-z]+)\"").matcher(line);
            if (!phase.find()) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            double[] sc = out.computeIfAbsent(phase.group(1), k -> new double[2]);
            sc[line.startsWith("tillsync_clover_page_seconds_sum") ? 0 : 1] = value;
        }
        return out;
    }

    private static String phases(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder sb = new StringBuilder();
        for (String phase : List.of("fetch", "publish", "record")) {
            double[] a = after.getOrDefault(phase, new double[2]);
            double[] b = before.getOrDefault(phase, new double[2]);
            double n = a[1] - b[1];
            sb.append(String.format("%s %.1f ms  ", phase, n == 0 ? 0 : (a[0] - b[0]) * 1000 / n));
        }
        return sb.toString().trim() + " (fetch includes waiting for the rate limiter)";
    }

    /** Waits until every merchant of tenants starting with the prefix completed {@code polls} polls; answers when the last did. */
    private static Instant awaitPolled(String prefix, int merchants, int polls, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*), max(last_polled_at) FROM poller.clover_merchant
                    WHERE tenant LIKE ? AND poll_count >= ? AND lease_owner IS NULL""")) {
                ps.setString(1, prefix + "%");
                ps.setInt(2, polls);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= merchants) {
                        Timestamp last = rs.getTimestamp(2);
                        return last.toInstant();
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("merchants " + prefix + "* did not complete " + polls + " poll(s) in " + timeout);
    }

    private static Process startPoller(Path jar, TestStack stack, String secretKey) throws Exception {
        File log = Path.of("target", "poller.log").toAbsolutePath().toFile();
        Files.createDirectories(log.toPath().getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dtillsync.clover.initial-delay=1h", "-Dtillsync.clover.tick=1h",
                "-Dtillsync.poll.initial-delay=1h", "-Dtillsync.poll.tick=1h",
                "-Dtillsync.reconcile.tripleseat.enabled=false"));
        String extra = System.getenv().getOrDefault("BENCH_POLLER_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("DB_HOST", stack.database().host());
        env.put("DB_PORT", String.valueOf(stack.database().port()));
        env.put("DB_NAME", stack.database().name());
        env.put("DB_USER", stack.database().user());
        env.put("DB_PASSWORD", stack.database().password());
        env.put("TILLSYNC_SECRET_KEY", secretKey);
        env.put("TILLSYNC_ALLOW_PRIVATE_TARGETS", "true"); // the fake Clover listens on loopback
        env.put("SERVER_PORT", String.valueOf(port = TestStack.freePort()));
        System.out.println("poller-service starting (log: " + log + ")");
        return pb.start();
    }

    private static int port;

    private static void awaitHealthy(Process poller) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!poller.isAlive()) {
                throw new IllegalStateException("poller-service exited; see target/poller.log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("poller-service not healthy in 3 minutes; see target/poller.log");
    }

    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the poller")).toNanos();
    }

    private static long catalogRecords(TestStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CATALOG_CHANGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long count(String query) throws SQLException {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(query);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement, Object... args) {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
