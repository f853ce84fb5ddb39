package io.tillsync.bench.intake;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.KafkaBrokerProcess;
import io.tillsync.testsupport.TestStack;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Load generator for intake: signed Shopify-style ~1 KiB webhooks against the real intake service and against a bare
 * WebFlux endpoint that reads the body and answers 202, on this machine in the same run. Each server runs in a JVM of its
 * own, as deployed (intake is its executable jar, on the real broker, registry and Postgres from test-support's
 * TestStack, which run in this JVM and the registry's process); this JVM is the load generator. Prints max accepted
 * rates, their ratio, p50/p99 of intake at half its max rate (open loop, latency from the intended send time), and the
 * 202s against the records in the topic.
 */
public final class IntakeBench {

    private static final String SECRET = "bench-shopify-client-secret";
    /** Warm-up ends once JIT compilation takes less than this share of a round's wall time (or after the last round). */
    private static final double WARM_COMPILE_SHARE = 0.05;
    private static final int WARM_MAX_ROUNDS = 10;
    /**
     * Load of the same endpoint right before each max-rate phase: after the other server's phases the JVM recompiled
     * 0.6-1.3 s of the next 15 s phase when this was 4 s.
     */
    private static final int REWARM_SECONDS = 8;
    /** Measured windows at half the max rate; the p99 reported is their median. */
    private static final int HALF_RATE_WINDOWS = 3;

    private final HttpClient client;
    /** The broker's process, whose CPU time each phase reports next to the server's and the load generator's. */
    private final ProcessHandle broker;

    private IntakeBench(int concurrency, ProcessHandle broker) {
        this.broker = broker;
        this.client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(concurrency * 4)
                .pendingAcquireMaxCount(-1).build()).compress(false);
    }

    record Payload(byte[] body, String hmac) { }

    /** Results of one phase. */
    static final class Phase {
        final String name;
        // 16 MB while a phase runs (well above what 2 cores answer in one phase), trimmed when it ends. Latencies and
        // accepted ids are kept in primitive arrays: hundreds of thousands of objects in the old generation would make
        // every young collection of this JVM scan them, which showed in the tail.
        long[] latencies = new long[2_000_000];
        final AtomicInteger n = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private long[] acceptedIds = new long[1 << 16]; // UUIDs as (most, least significant bits) pairs
        private int acceptedIdCount;
        long elapsedNanos;
        long compileMillis;
        long serverCompileMillis;
        /** CPU time used during the phase by the server under test, the broker and this JVM (the load generator). */
        long serverCpuNanos;
        long brokerCpuNanos;
        long loadCpuNanos;

        Phase(String name) {
            this.name = name;
        }

        void record(int status, long latencyNanos, String id) {
            int i = n.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = latencyNanos;
            }
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status == 202 && id != null) {
                UUID uuid = UUID.fromString(id);
                synchronized (this) {
                    if (2 * acceptedIdCount + 2 > acceptedIds.length) {
                        acceptedIds = Arrays.copyOf(acceptedIds, acceptedIds.length * 2);
                    }
                    acceptedIds[2 * acceptedIdCount] = uuid.getMostSignificantBits();
                    acceptedIds[2 * acceptedIdCount + 1] = uuid.getLeastSignificantBits();
                    acceptedIdCount++;
                }
            }
        }

        /** Called when the phase is over: keeps only the latencies it recorded, and what it cost. */
        void finish(Snapshot start, Snapshot end) {
            elapsedNanos = end.nanos() - start.nanos();
            serverCompileMillis = end.serverCompileMillis() - start.serverCompileMillis();
            compileMillis = end.loadCompileMillis() - start.loadCompileMillis() + serverCompileMillis;
            serverCpuNanos = end.serverCpuNanos() - start.serverCpuNanos();
            brokerCpuNanos = end.brokerCpuNanos() - start.brokerCpuNanos();
            loadCpuNanos = end.loadCpuNanos() - start.loadCpuNanos();
            latencies = Arrays.copyOf(latencies, Math.min(n.get(), latencies.length));
        }

        /** The ids answered 202 in this phase, as {@link #key}s. */
        synchronized long[] acceptedKeys() {
            long[] keys = new long[acceptedIdCount];
            for (int i = 0; i < acceptedIdCount; i++) {
                keys[i] = key(acceptedIds[2 * i], acceptedIds[2 * i + 1]);
            }
            return keys;
        }

        int accepted() {
            AtomicInteger a = statuses.get(202);
            return a == null ? 0 : a.get();
        }

        double acceptedPerSecond() {
            return accepted() / (elapsedNanos / 1e9);
        }

        double percentileMillis(double p) {
            int count = Math.min(n.get(), latencies.length);
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)] / 1e6;
        }

        /** CPU time per answered request, in µs. */
        double cpuMicrosPerRequest(long cpuNanos) {
            return cpuNanos / 1e3 / Math.max(1, n.get());
        }

        String summary() {
            return String.format("%-28s accepted/s=%8.0f  p50=%6.2f ms  p99=%6.2f ms  requests=%d statuses=%s  JIT %d ms "
                    + "(server %d ms)%n%-28s CPU per request: server %.1f µs, broker %.1f µs, load generator %.1f µs", name,
                    acceptedPerSecond(), percentileMillis(0.50), percentileMillis(0.99), n.get(), statuses, compileMillis,
                    serverCompileMillis, "", cpuMicrosPerRequest(serverCpuNanos), cpuMicrosPerRequest(brokerCpuNanos),
                    cpuMicrosPerRequest(loadCpuNanos));
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "15"));
        int concurrency = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONCURRENCY", "512"));
        List<String> serviceOptions = Arrays.asList(System.getenv()
                .getOrDefault("BENCH_SERVICE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC").trim().split("\\s+"));

        // registry and Postgres from the test stack (its in-JVM broker stays idle); the broker intake publishes to runs in
        // a process of its own with the deployed stack's options (deploy/stack.sh KAFKA_JAVA_OPTS), as in production
        TestStack stack = TestStack.start();
        TestStack.Database db = stack.database();
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(Arrays.asList(System.getenv()
                .getOrDefault("BENCH_BROKER_JAVA_OPTS", "-Xms64m -Xmx384m -XX:+UseSerialGC").trim().split("\\s+")));
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("sync").defaultSchema("sync")
                .locations("filesystem:" + TestStack.findUp(Path.of("sync-service/src/main/resources/db/sync")))
                .load().migrate();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String connection = "conn_" + UUID.randomUUID();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync.connection (id, tenant, provider, webhook_secret_enc) VALUES (?, ?, 'shopify', ?)")) {
            ps.setString(1, connection);
            ps.setString(2, tenant);
            ps.setString(3, new SecretBox(key).encrypt(SECRET, SecretField.CONNECTION_WEBHOOK_SECRET.at(connection)));
            ps.executeUpdate();
        }
        Path logs = Path.of("target");
        int intakePort = TestStack.freePort();
        // actuator on the service port (MANAGEMENT_PORT the same): the bench reads its metrics there; development mode
        // for the operator key it does not need
        Map<String, String> intakeEnv = Map.ofEntries(Map.entry("SERVER_PORT", String.valueOf(intakePort)),
                Map.entry("MANAGEMENT_PORT", String.valueOf(intakePort)), Map.entry("TILLSYNC_DEV_MODE", "true"),
                Map.entry(
"KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), Map.entry("SCHEMA_REGISTRY_URL", stack.registryUrl()),
                Map.entry("DB_HOST", db.host()), Map.entry("DB_PORT", String.valueOf(db.port())), Map.entry("DB_NAME", db.name()),
                Map.entry("DB_USER", db.user()), Map.entry("DB_PASSWORD", db.password()),
                Map.entry("TILLSYNC_SECRET_KEY", Base64.getEncoder().encodeToString(key)),
                // rate limiting out of the way: the bench sends tens of thousands of webhooks a second to one connection
                Map.entry("INTAKE_RATE_LIMIT_PER_MINUTE", "1000000000"));
        List<String> intakeCommand = new ArrayList<>(List.of("-jar", System.getProperty("bench.intake.jar")));
        intakeCommand.addAll(intakeArgs());
        int barePort = TestStack.freePort();
        try (ServiceProcess intake = ServiceProcess.start("intake", intakePort, serviceOptions, intakeCommand, intakeEnv,
                        "/actuator/health", "/actuator/metrics/jvm.compilation.time", logs.resolve("intake.log"));
                ServiceProcess bare = ServiceProcess.start("bare", barePort, serviceOptions,
                        List.of("-cp", System.getProperty("java.class.path"), BareServer.class.getName(),
                                String.valueOf(barePort)), Map.of(), "/jit", "/jit", logs.resolve("bare.log"))) {
            run(broker, stack, connection, seconds, concurrency,
                    new Target(intake, "/intake/" + tenant + "/shopify/" + connection), new Target(bare, "/bare"));
        }
        System.exit(0);
    }

    /** A server under test and the path the load generator posts to. */
    record Target(ServiceProcess server, String path) {
        String url() {
            return server.url(path);
        }
    }

    private static void run(KafkaBrokerProcess broker, TestStack stack, String connection, int seconds, int concurrency, Target intake, Target bare)
            throws Exception {
        List<Payload> payloads = payloads(512);
        System.out.printf("payload bytes: %d, concurrency: %d, phase: %d s, cores: %d%n", payloads.get(0).body().length,
                concurrency, seconds, Runtime.getRuntime().availableProcessors());
        IntakeBench bench = new IntakeBench(concurrency, broker.process().orElseThrow());
        List<Phase> intakePhases = new ArrayList<>();

        // Warm-up until the JIT has settled: a gateway runs for days, so the figures are those of compiled code, not
        // of C2 compiling Reactor and Kafka paths on the same 2 cores (a third of the CPU in the first minute).
        for (int round = 1; ; round++) {
            Phase bareWarm = bench.closedLoop(new Phase("warm-up bare"), bare, payloads, concurrency, 4);
            Phase intakeWarm = bench.closedLoop(new Phase("warm-up intake"), intake, payloads, concurrency, 6);
            intakePhases.add(intakeWarm);
            double bareShare = bareWarm.compileMillis / (bareWarm.elapsedNanos / 1e6);
            double intakeShare = intakeWarm.compileMillis / (intakeWarm.elapsedNanos / 1e6);
            System.out.printf("warm-up round %d: bare %.0f/s, intake %.0f/s, JIT compiling %.0f%% of the bare part, "
                    + "%.0f%% of the intake part (intake's JVM %d ms); CPU per request: bare %.1f µs, intake %.1f µs%n", round,
                    bareWarm.acceptedPerSecond(), intakeWarm.acceptedPerSecond(), 100 * bareShare, 100 * intakeShare,
                    intakeWarm.serverCompileMillis, bareWarm.cpuMicrosPerRequest(bareWarm.serverCpuNanos),
                    intakeWarm.cpuMicrosPerRequest(intakeWarm.serverCpuNanos));
            if ((bareShare < WARM_COMPILE_SHARE && intakeShare < WARM_COMPILE_SHARE) || round == WARM_MAX_ROUNDS) {
                break;
            }
        }
        // Each measured phase: a full GC in every JVM, then load of the same kind right before it (as JMH runs warm-up
        // iterations right before measuring). The GC comes first: with it right before the phase, the JVMs recompiled
        // 2.2-2.8 s inside the 15 s half-rate phase (two runs) and its p99 was 223-359 ms; after the warm-up, 0.4 s.
        cleanHeaps(intake, bare);
        bench.closedLoop(new Phase("re-warm bare"), bare, payloads, concurrency, REWARM_SECONDS);
        Phase bareMax = bench.closedLoop(new Phase("bare WebFlux 202, max"), bare, payloads, concurrency, seconds);
        cleanHeaps(intake, bare);
        intakePhases.add(bench.closedLoop(new Phase("re-warm intake"), intake, payloads, concurrency, REWARM_SECONDS));
        Phase intakeMax = bench.closedLoop(new Phase("intake, max"), intake, payloads, concurrency, seconds);
        intakePhases.add(intakeMax);
        double half = intakeMax.acceptedPerSecond() / 2;
        // the open-loop sender's paths compile too: warm them at the measured rate first
        cleanHeaps(intake, bare);
        bench.openLoop(new Phase("warm-up bare @ half"), bare, payloads, half, 3);
        intakePhases.add(bench.openLoop(new Phase("warm-up intake @ half"), intake, payloads, half, 12));
        Map<Double, Double> publishBefore = publishBuckets(intake.server());
        // three windows, reported each and by their median: a 15 s window's p99 moves by tens of ms with one burst of
        // JIT compiling (0.3-1.2 s of it inside a window after ten warm-up rounds), which a median of three outvotes
        List<Phase> intakeHalves = new ArrayList<>();
        for (int window = 1; window <= HALF_RATE_WINDOWS; window++) {
            intakeHalves.add(bench.openLoop(new Phase(String.format("intake @ %.0f/s (half max) #%d", half, window)),
                    intake, payloads, half, seconds));
        }
        intakePhases.addAll(intakeHalves);
        Phase intakeHalf = intakeHalves.stream()
                .sorted(Comparator.comparingDouble(p -> p.percentileMillis(0.99))).toList().get(HALF_RATE_WINDOWS / 2);
        Map<Double, Double> publishAfter = publishBuckets(intake.server());
        bench.openLoop(new Phase("re-warm bare @ half"), bare, payloads, half, 3);
        Phase bareHalf = bench.openLoop(new Phase(String.format("bare @ %.0f/s (same rate)", half)), bare, payloads, half, seconds);

        // matched as 64-bit keys: millions of ids as strings in sets would not fit this JVM's heap
        long[] accepted = intakePhases.stream().map(Phase::acceptedKeys).flatMapToLong(Arrays::stream).toArray();
        int answered202 = intakePhases.stream().mapToInt(Phase::accepted).sum();
        long[] records = recordKeys(broker, stack, connection);
        Arrays.sort(records);
        long missing = Arrays.stream(accepted).filter(k -> Arrays.binarySearch(records, k) < 0).count();

        System.out.println();
        System.out.println(bareMax.summary());
        System.out.println(intakeMax.summary());
        intakeHalves.forEach(p -> System.out.println(p.summary()));
        System.out.println(bareHalf.summary());
        System.out.printf("RESULT accepted rate intake/bare = %.0f / %.0f = %.2f (target >= 0.50)%n",
                intakeMax.acceptedPerSecond(), bareMax.acceptedPerSecond(), intakeMax.acceptedPerSecond() / bareMax.acceptedPerSecond());
        System.out.printf("RESULT intake p99 at half max rate = %.2f ms (median of %d windows: %s ms), p50 = %.2f ms "
                + "(target p99 < 25 ms)%n", intakeHalf.percentileMillis(0.99), HALF_RATE_WINDOWS, intakeHalves.stream()
                .map(p -> String.format("%.2f", p.percentileMillis(0.99))).collect(Collectors.joining(", ")),
                intakeHalf.percentileMillis(0.50));
        System.out.printf("  of which send to broker ack (intake's publish histogram, all windows): p50 <= %.2f ms, p99 <= %.2f ms%n",
                bucketPercentileMillis(publishBefore, publishAfter, 0.50), bucketPercentileMillis(publishBefore, publishAfter, 0.99));
        System.out.printf("RESULT intake 202s = %d, records in %s for the connection = %d, 202s without record = %d (target 0)%n",
                answered202, Topics.WEBHOOKS_INBOUND.name(), records.length, missing);
    }

    /**
     * A full collection in each JVM before each measured phase and its warm-up (JMH can do the same between
     * iterations), so that a full collection of what earlier phases left in an old generation (hundreds of ms) does not
     * land in the middle of the next phase.
     */
    private static void cleanHeaps(Target... servers) throws IOException, InterruptedException {
        System.gc();
        for (Target server : servers) {
            server.server().gc();
        }
    }

    /** The upper bound of the histogram bucket holding percentile {@code p} of what was recorded between two scrapes. */
    private static double bucketPercentileMillis(Map<Double, Double> before, Map<Double, Double> after, double p) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> bucket : after.entrySet()) { // cumulative counts by upper bound, ascending
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= p * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static final Pattern PUBLISH_BUCKET =
            Pattern.compile("^tillsync_intake_publish_latency_seconds_bucket\\{.*le=\"([^\"]+)\".*\\}\\s+(\\S+)$",
                    Pattern.MULTILINE);

    /** Intake's publish latency histogram (cumulative count per upper bound in seconds), from its Prometheus scrape. */
    private static Map<Double, Double> publishBuckets(ServiceProcess intake) {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = PUBLISH_BUCKET.matcher(intake.get("/actuator/prometheus"));
        while (m.find()) {
            buckets.put("+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)));
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("intake's scrape has no tillsync_intake_publish_latency_seconds buckets");
        }
        return buckets;
    }

    /** Extra {@code --name=value} arguments for the intake application, from {@code BENCH_INTAKE_ARGS}. */
    private static List<String> intakeArgs() {
        String extra = System.getenv().getOrDefault("BENCH_INTAKE_ARGS", "").trim();
        return extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\\s+"));
    }

    /** JIT and CPU time so far of this JVM (the load generator), the server under test and the broker. */
    record Snapshot(long nanos, long loadCompileMillis, long serverCompileMillis, long serverCpuNanos,
            long brokerCpuNanos, long loadCpuNanos) {
    }

    /** Taken at a phase's start and end; the clock is read last, after the server has answered its two queries. */
    private Snapshot snapshot(Target target) {
        long serverCompileMillis = target.server().compileMillis();
        long serverCpuNanos = target.server().cpuNanos();
        long brokerCpuNanos = ServiceProcess.cpuNanos(broker);
        long loadCompileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long loadCpuNanos = ServiceProcess.cpuNanos(ProcessHandle.current());
        return new Snapshot(System.nanoTime(), loadCompileMillis, serverCompileMillis, serverCpuNanos, brokerCpuNanos,
                loadCpuNanos);
    }

    Phase closedLoop(Phase phase, Target target, List<Payload> payloads, int concurrency, int seconds) {
        started(phase);
        String url = target.url();
        Snapshot start = snapshot(target);
        long deadline = start.nanos() + TimeUnit.SECONDS.toNanos(seconds);
        Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> System.nanoTime() < deadline)
                .flatMap(i -> send(phase, url, payloads.get(i % payloads.size()), System.nanoTime()), concurrency)
                .blockLast();
        phase.finish(start, snapshot(target));
        return phase;
    }

    /** A line per phase as it starts, so a profiler (or an operator watching) can tell which phase is running. */
    private static void started(Phase phase) {
        System.out.printf("%tT phase: %s%n", System.currentTimeMillis(), phase.name);
    }

    /** Sends at a fixed rate regardless of answers; latency counts from when a request was due, not when it left. */
    Phase openLoop(Phase phase, Target target, List<Payload> payloads, double perSecond, int seconds) throws InterruptedException {
        started(phase);
        String url = target.url();
        Snapshot snapshot = snapshot(target);
        long start = snapshot.nanos();
        long total = (long) (perSecond * seconds);
        double interval = 1e9 / perSecond;
        AtomicLong issued = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
            while (issued.get() < due) {
                long k = issued.getAndIncrement();
                long intended = start + (long) (k * interval);
                send(phase, url, payloads.get((int) (k % payloads.size())), intended)
                        .doFinally(s -> done.incrementAndGet()).subscribe();
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        while (done.get() < total && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds + 30)) {
            Thread.sleep(20);
        }
        ticker.shutdownNow();
        phase.finish(snapshot, snapshot(target));
        return phase;
    }

    private Mono<Integer> send(Phase phase, String url, Payload payload, long startNanos) {
        return client.headers(h -> h.set("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                        .set("X-Shopify-Topic", "products/update")
                        .set("X-Shopify-Event-Id", UUID.randomUUID().toString())
                        .set("X-Shopify-Hmac-Sha256", payload.hmac()))
                .post().uri(url)
                .send(Mono.just(Unpooled.wrappedBuffer(payload.body())))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> {
                    int status = response.status().code();
                    phase.record(status, System.nanoTime() - startNanos, status == 202 ? idOf(text) : null);
                    return status;
                }))
                .onErrorResume(e -> {
                    phase.record(-1, System.nanoTime() - startNanos, null);
                    return Mono.just(-1);
                });
    }

    private static String idOf(String json) {
        int at = json.indexOf("\"id\":\"");
        return at < 0 ? null : json.substring(at + 6, json.indexOf('"', at + 6));
    }

    /** Shopify products/update bodies of about 1 KiB, each signed as Shopify does (base64 HMAC-SHA256 of the body). */
    private static List<Payload> payloads(int count) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        List<Payload> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder variants = new StringBuilder();
            for (int v = 0; v < 5; v++) {
                variants.append(v == 0 ? "" : ",").append("{\"id\":").append(123456789L + v + i * 10L)
                        .append(",\"price\":\"").append(20 + v).append(".99\",\"sku\":\"TSHIRT-").append(i).append('-').append(v)
                        .append("\",\"inventory_quantity\":").append(v * 3).append(",\"title\":\"Size ").append(v).append("\"}");
            }
            String body = "{\"id\":" + (9554194432293L + i) + ",\"title\":\"T-Shirt " + i + "\",\"status\":\"active\","
                    + "\"vendor\":\"Tillsync Bench Apparel\",\"product_type\":\"Shirts\",\"handle\":\"t-shirt-" + i + "\","
                    + "\"tags\":\"cotton, summer, bench\",\"updated_at\":\"2025-04-22T14:30:00-05:00\","
                    + "\"body_html\":\"<p>Soft cotton tee, benchmark item " + i + ".</p>\",\"variants\":[" + variants + "]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            payloads.add(new Payload(bytes, Base64.getEncoder().encodeToString(mac.doFinal(bytes))));
        }
        return payloads;
    }

    /**
     * A 64-bit key of a UUID (its two halves folded): a 202 and a record are matched by it. Of 2.5 million random ids,
     * two share a key with odds of about 1 in 6 million, so a missing record could hide behind another's key that
     * rarely.
     */
    static long key(long mostSignificantBits, long leastSignificantBits) {
        return mostSignificantBits ^ Long.rotateLeft(leastSignificantBits, 29);
    }

    /** Keys of the ids of every record of the connection in the topic, read to the end offsets it has now. */
    private static long[] recordKeys(KafkaBrokerProcess broker, TestStack stack, String connection) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        long[] keys = new long[1 << 20];
        int count = 0;
        try (KafkaConsumer<String, InboundWebhook> consumer = new KafkaConsumer<>(config,
                Topics.WEBHOOKS_INBOUND.keySerde().deserializer(),
                Topics.WEBHOOKS_INBOUND.valueSerde(stack.registryUrl()).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_INBOUND.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.WEBHOOKS_INBOUND.name()
                            + " to its end in 10 minutes: the count of records would be wrong");
                }
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (connection.equals(r.key())) {
                        if (count == keys.length) {
                            keys = Arrays.copyOf(keys, count * 2);
                        }
                        UUID id = UUID.fromString(r.value().getId());
                        keys[count++] = key(id.getMostSignificantBits(), id.getLeastSignificantBits());
                    }
                }
            }
        }
        return Arrays.copyOf(keys, count);
    }
}
