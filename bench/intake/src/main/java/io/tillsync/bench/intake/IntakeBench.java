package io.tillsync.bench.intake;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.intake.IntakeApplication;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Load generator for intake: signed Shopify-style ~1 KiB webhooks against the real intake app (real broker, registry
 * and Postgres from test-support's TestStack) and against a bare WebFlux endpoint that reads the body and answers 202,
 * both in this JVM on this machine in the same run. Prints max accepted rates, their ratio, p50/p99 of intake at half
 * its max rate (open loop, latency from the intended send time), and the 202s against the records in the topic.
 */
public final class IntakeBench {

    private static final String SECRET = "bench-shopify-client-secret";
    /** Warm-up ends once JIT compilation takes less than this share of a round's wall time (or after the last round). */
    private static final double WARM_COMPILE_SHARE = 0.05;
    private static final int WARM_MAX_ROUNDS = 10;
    /** Load of the same endpoint right before each max-rate phase. */
    private static final int REWARM_SECONDS = 4;

    private final HttpClient client;

    private IntakeBench(int concurrency) {
        this.client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(concurrency * 4)
                .pendingAcquireMaxCount(-1).build()).compress(false);
    }

    record Payload(byte[] body, String hmac) { }

    /** Results of one phase. */
    static final class Phase {
        final String name;
        // 16 MB while a phase runs (well above what 2 cores answer in one phase), trimmed when it ends. Latencies and
        // accepted ids are kept in primitive arrays: hundreds of thousands of objects in the old generation would make
        // every young collection of this JVM (broker and intake run in it too) scan them, which showed in the tail.
        long[] latencies = new long[2_000_000];
        final AtomicInteger n = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private long[] acceptedIds = new long[1 << 16]; // UUIDs as (most, least significant bits) pairs
        private int acceptedIdCount;
        long elapsedNanos;
        long compileMillis;

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

        /** Called when the phase is over: keeps only the latencies it recorded. */
        void finish(long elapsed, long compiled) {
            elapsedNanos = elapsed;
            compileMillis = compiled;
            latencies = Arrays.copyOf(latencies, Math.min(n.get(), latencies.length));
        }

        synchronized void addAcceptedIdsTo(Set<String> ids) {
            for (int i = 0; i < acceptedIdCount; i++) {
                ids.add(new UUID(acceptedIds[2 * i], acceptedIds[2 * i + 1]).toString());
            }
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

        String summary() {
            return String.format("%-28s accepted/s=%8.0f  p50=%6.2f ms  p99=%6.2f ms  requests=%d statuses=%s  JIT %d ms",
                    name, acceptedPerSecond(), percentileMillis(0.50), percentileMillis(0.99), n.get(), statuses,
                    compileMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "15"));
        int concurrency = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONCURRENCY", "128"));

        TestStack stack = TestStack.start();
        TestStack.Database db = stack.database();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("sync").defaultSchema("sync")
                .locations("filesystem:" + TestStack.findUp(Path.of("sync-service/src/main/resources/db/sync")))
                .load().migrate();
        ConfigurableApplicationContext intake = new SpringApplicationBuilder(IntakeApplication.class)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
                // as arguments: they must win over application.yml (a free port; rate limiting out of the way)
                .run(intakeArgs());
        int intakePort = ((WebServerApplicationContext) intake).getWebServer().getPort();
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String connection = "conn_" + UUID.randomUUID();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync.connection (id, tenant, provider, webhook_secret_enc) VALUES (?, ?, 'shopify', ?)")) {
            ps.setString(1, connection);
            ps.setString(2, tenant);
            ps.setString(3, intake.getBean(SecretBox.class).encrypt(SECRET));
            ps.executeUpdate();
        }
        DisposableServer bare = bareServer();

        List<Payload> payloads = payloads(512);
        System.out.printf("payload bytes: %d, concurrency: %d, phase: %d s, cores: %d%n", payloads.get(0).body().length,
                concurrency, seconds, Runtime.getRuntime().availableProcessors());
        String intakeUrl = "http://127.0.0.1:" + intakePort + "/intake/" + tenant + "/shopify/" + connection;
        String bareUrl = "http://127.0.0.1:" + bare.port() + "/bare";
        IntakeBench bench = new IntakeBench(concurrency);
        List<Phase> intakePhases = new ArrayList<>();

        // Warm-up until the JIT has settled: a gateway runs for days, so the figures are those of compiled code, not
        // of C2 compiling Reactor and Kafka paths on the same 2 cores (a third of the CPU in the first minute).
        for (int round = 1; ; round++) {
            long compiledBefore = compileMillis();
            long roundStart = System.nanoTime();
            Phase bareWarm = bench.closedLoop(new Phase("warm-up bare"), bareUrl, payloads, concurrency, 4);
            Phase intakeWarm = bench.closedLoop(new Phase("warm-up intake"), intakeUrl, payloads, concurrency, 6);
            intakePhases.add(intakeWarm);
            double compileShare = (compileMillis() - compiledBefore) / ((System.nanoTime() - roundStart) / 1e6);
            double intakeShare = intakeWarm.compileMillis / (intakeWarm.elapsedNanos / 1e6);
            System.out.printf("warm-up round %d: bare %.0f/s, intake %.0f/s, JIT compiling %.0f%% of the round "
                    + "(%.0f%% of the intake part)%n", round, bareWarm.acceptedPerSecond(),
                    intakeWarm.acceptedPerSecond(), 100 * compileShare, 100 * intakeShare);
            if ((compileShare < WARM_COMPILE_SHARE && intakeShare < WARM_COMPILE_SHARE) || round == WARM_MAX_ROUNDS) {
                break;
            }
        }
        // As JMH runs warm-up iterations of a benchmark right before measuring it: the other endpoint's phase in between
        // leaves shared Netty and Reactor code compiled for its type profiles, and C2 recompiling those (2-3 s) would
        // otherwise fall inside the measured phase.
        bench.closedLoop(new Phase("re-warm bare"), bareUrl, payloads, concurrency, REWARM_SECONDS);
        cleanHeap();
        Phase bareMax = bench.closedLoop(new Phase("bare WebFlux 202, max"), bareUrl, payloads, concurrency, seconds);
        intakePhases.add(bench.closedLoop(new Phase("re-warm intake"), intakeUrl, payloads, concurrency, REWARM_SECONDS));
        cleanHeap();
        Phase intakeMax = bench.closedLoop(new Phase("intake, max"), intakeUrl, payloads, concurrency, seconds);
        intakePhases.add(intakeMax);
        double half = intakeMax.acceptedPerSecond() / 2;
        // the open-loop sender's paths compile too: warm them at the measured rate first, intake's right before it is
        // measured (in the 5 s it had before the bare warm-up, C2 still compiled 1.5 s of the measured phase)
        bench.openLoop(new Phase("warm-up bare @ half"), bareUrl, payloads, half, 3);
        intakePhases.add(bench.openLoop(new Phase("warm-up intake @ half"), intakeUrl, payloads, half, 12));
        cleanHeap();
        Timer publish = intake.getBean(MeterRegistry.class).get("tillsync.intake.publish.latency").timer();
        HistogramSnapshot publishBefore = publish.takeSnapshot();
        Phase intakeHalf = bench.openLoop(new Phase(String.format("intake @ %.0f/s (half max)", half)), intakeUrl, payloads, half, seconds);
        intakePhases.add(intakeHalf);
        HistogramSnapshot publishAfter = publish.takeSnapshot();
        cleanHeap();
        Phase bareHalf = bench.openLoop(new Phase(String.format("bare @ %.0f/s (same rate)", half)), bareUrl, payloads, half, seconds);

        Set<String> accepted = new HashSet<>();
        intakePhases.forEach(p -> p.addAcceptedIdsTo(accepted));
        int answered202 = intakePhases.stream().mapToInt(Phase::accepted).sum();
        List<String> recordIds = recordIds(stack, connection);
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(new HashSet<>(recordIds));

        System.out.println();
        System.out.println(bareMax.summary());
        System.out.println(intakeMax.summary());
        System.out.println(intakeHalf.summary());
        System.out.println(bareHalf.summary());
        System.out.printf("RESULT accepted rate intake/bare = %.0f / %.0f = %.2f (target >= 0.50)%n",
                intakeMax.acceptedPerSecond(), bareMax.acceptedPerSecond(), intakeMax.acceptedPerSecond() / bareMax.acceptedPerSecond());
        System.out.printf("RESULT intake p99 at half max rate = %.2f ms, p50 = %.2f ms (target p99 < 25 ms)%n",
                intakeHalf.percentileMillis(0.99), intakeHalf.percentileMillis(0.50));
        System.out.printf("  of which send to broker ack (intake's publish histogram): p50 <= %.2f ms, p99 <= %.2f ms%n",
                bucketPercentileMillis(publishBefore, publishAfter, 0.50), bucketPercentileMillis(publishBefore, publishAfter, 0.99));
        System.out.printf("RESULT intake 202s = %d, records in %s for the connection = %d, 202s without record = %d (target 0)%n",
                answered202, Topics.WEBHOOKS_INBOUND.name(), recordIds.size(), missing.size());

        bare.disposeNow();
        intake.close();
        System.exit(0);
    }

    /**
     * A full collection between measured phases (as JMH does between iterations): broker, intake and load generator
     * share this JVM, and a full collection of what earlier phases left in the old generation (hundreds of ms) must
     * not land in the middle of the next phase.
     */
    private static void cleanHeap() {
        System.gc();
    }

    /** The upper bound of the histogram bucket holding percentile {@code p} of what was recorded between two snapshots. */
    private static double bucketPercentileMillis(HistogramSnapshot before, HistogramSnapshot after, double p) {
        double total = after.count() - before.count();
        CountAtBucket[] b = before.histogramCounts();
        CountAtBucket[] a = after.histogramCounts();
        for (int i = 0; i < a.length; i++) { // cumulative counts: observations at or below the bucket's bound
            if (a[i].count() - b[i].count() >= p * total) {
                return a[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String[] intakeArgs() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--tillsync.intake.rate-limit-per-minute=1000000000"));
        String extra = System.getenv().getOrDefault("BENCH_INTAKE_ARGS", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return args.toArray(String[]::new);
    }

    /** JIT compilation time of this JVM so far, summed over the compiler threads. */
    private static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    Phase closedLoop(Phase phase, String url, List<Payload> payloads, int concurrency, int seconds) {
        long compiledBefore = compileMillis();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> System.nanoTime() < deadline)
                .flatMap(i -> send(phase, url, payloads.get(i % payloads.size()), System.nanoTime()), concurrency)
                .blockLast();
        phase.finish(System.nanoTime() - start, compileMillis() - compiledBefore);
        return phase;
    }

    /** Sends at a fixed rate regardless of answers; latency counts from when a request was due, not when it left. */
    Phase openLoop(Phase phase, String url, List<Payload> payloads, double perSecond, int seconds) throws InterruptedException {
        long compiledBefore = compileMillis();
        long start = System.nanoTime();
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
        phase.finish(System.nanoTime() - start, compileMillis() - compiledBefore);
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

    private static DisposableServer bareServer() {
        HttpHandler handler = RouterFunctions.toHttpHandler(RouterFunctions.route(RequestPredicates.POST("/bare"),
                request -> request.bodyToMono(byte[].class).flatMap(body -> ServerResponse.accepted()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"status\":\"accepted\",\"id\":\"" + UUID.randomUUID() + "\"}"))));
        // event loops of its own, as intake's server has (service-kit): neither shares the load generator's loops
        return HttpServer.create().runOn(LoopResources.create("bare-http")).host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
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

    private static List<String> recordIds(TestStack stack, String connection) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, InboundWebhook> consumer = new KafkaConsumer<>(config,
                Topics.WEBHOOKS_INBOUND.keySerde().deserializer(),
                Topics.WEBHOOKS_INBOUND.valueSerde(stack.registryUrl()).deserializer())) {
            consumer.subscribe(List.of(Topics.WEBHOOKS_INBOUND.name()));
            int empty = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (empty < 4 && System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty() && !consumer.assignment().isEmpty()) {
                    empty++;
                }
                batch.forEach(r -> {
                    if (connection.equals(r.key())) {
                        ids.add(r.value().getId());
                    }
                });
            }
        }
        return ids;
    }
}
