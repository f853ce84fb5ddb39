package io.tillsync.e2e;

import io.tillsync.avro.PlatformEvent;
import io.tillsync.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Benchmark of the availability path of sync-service, on the whole local stack (deploy/stack.sh through the e2e
 * harness, hence this package): signed Toast stock webhooks (one new item each) go through intake-service to
 * {@code webhooks.inbound}; sync-service audits them, turns them into {@code catalog.changes} and applies those to
 * {@code sync.menu_item} in batches, then publishes {@code item.availability_changed}.
 *
 * <ul>
 *   <li>Throughput: with sync-service stopped, a backlog of webhooks is accepted by intake; sync-service is started
 *   and the rate at which rows are written is read from the rows themselves ({@code updated_at} of the 10th and
 *   90th percentile row). The baseline is the same service with batching off (one record per poll on both
 *   listeners), measured in the same run.</li>
 *   <li>Latency: with sync-service running, webhooks at a fixed rate (open loop); for each one, from the 202 that
 *   intake answered to the moment its row was committed, which is bounded above by the creation time of the
 *   platform event published after the commit (reported), and below by the row's transaction start
 *   ({@code updated_at}, also reported).</li>
 * </ul>
 */
public final class SyncBench {

    private final E2eStack stack;
    /** The load generator's client: Reactor Netty, pooled keep-alive connections (one per request in flight). */
    private final HttpClient http = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(512)
            .pendingAcquireMaxCount(-1).build()).responseTimeout(Duration.ofSeconds(30));

    /** Warm-up ends once JIT compiling takes less than this share of a core in both services (or after the last round). */
    private static final double WARM_JIT_SHARE = 0.05;
    private static final int WARM_MAX_ROUNDS = 8;
    private static final int LATENCY_WARMUP_SECONDS = 20;

    private SyncBench(E2eStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int events = env("BENCH_EVENTS", 30_000);
        int baselineEvents = env("BENCH_BASELINE_EVENTS", 3_000);
        int warmup = env("BENCH_WARMUP_EVENTS", 10_000);
        int rate = env("BENCH_LATENCY_RATE", 500);
        int seconds = env("BENCH_LATENCY_SECONDS", 30);

        E2eStack stack = E2eStack.get();
        SyncBench bench = new SyncBench(stack);
        System.out.printf(Locale.ROOT, "INFO stack up: %s; machine %d cores, load average %s%n", stack.url("sync-service"),
                Runtime.getRuntime().availableProcessors(), loadAverage());

        String only = System.getenv().getOrDefault("BENCH_ONLY", "");
        if (!only.equals("latency")) {
            // baseline first: batching off (one record per poll on the inbound and catalog listeners)
            Map<String, String> unbatched = Map.of("SPRING_KAFKA_CONSUMER_MAX_POLL_RECORDS", "1",
                    "CATALOG_MAX_POLL_RECORDS", "1");
            double baseline = bench.backlogRate("baseline", baselineEvents, warmup / 5, unbatched);
            double batched = bench.backlogRate("batched", events, warmup, profile("batched"));
            System.out.printf(Locale.ROOT, "RESULT availability_events_applied_per_s=%.0f batching_off=%.0f ratio=%.1f "
                    + "(%d webhooks, one new item each; target >= 5000/s)%n", batched, baseline, batched / baseline,
                    events);
        }
        if (only.equals("throughput")) {
            System.exit(0);
        }
        Tenant t = bench.tenant();
        Latencies l = bench.latency(t, rate, seconds, warmup, profile("latency"));
        System.out.printf(Locale.ROOT, "RESULT webhook_202_to_row_committed_ms p50=%.1f p99=%.1f max=%.1f at %d events/s "
                + "for %d s (%d webhooks; from request sent p50=%.1f p99=%.1f; to row transaction start p50=%.1f "
                + "p99=%.1f; target p99 < 250 ms)%n", l.committed().p50(), l.committed().p99(), l.committed().max(),
                rate, seconds, l.count(), l.fromRequest().p50(), l.fromRequest().p99(), l.started().p50(),
                l.started().p99());
        System.exit(0);
    }

    /**
     * BENCH_PROFILE=<dir>: sync-service records the phase with JFR into {@code <dir>/sync-<phase>.jfr} (written when
     * it stops); intake-service's recording of the latency phase goes to {@code <dir>/intake-latency.jfr}.
     */
    private static Map<String, String> profile(String phase) {
        Path recordings = recordings();
        return recordings == null ? Map.of() : Map.of("JAVA_TOOL_OPTIONS",
                "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + recordings.resolve("sync-" + phase + ".jfr"));
    }

    /** The BENCH_PROFILE directory (created), or null when no recording was asked for. */
    private static Path recordings() {
        String dir = System.getenv("BENCH_PROFILE");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path recordings = Path.of(dir).toAbsolutePath();
        try {
            return java.nio.file.Files.createDirectories(recordings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("BENCH_PROFILE directory cannot be created", e);
        }
    }

    private Tenant tenant() {
        Tenant t = new Tenant(stack);
        t.connect("toast", "rest-" + t.id, Map.of());
        return t;
    }

    /**
     * Warms sync-service up with webhooks sent while it runs, stops it, has intake accept a backlog, starts it again
     * (with {@code settings}) and returns the rate at which the backlog's rows were written.
     */
    private double backlogRate(String phase, int events, int warmupEvents, Map<String, String> settings) throws Exception {
        restartWarm(settings, warmupEvents);
        Tenant t = tenant();
        // The warmed-up sync-service is frozen (SIGSTOP) while intake accepts the backlog, then thawed: a restart would
        // measure a cold JVM's JIT warm-up instead of the service. If the freeze outlasts the consumer session, the
        // group rebalances after the thaw, which only delays the first rows (outside the 10%..90% window).
        signal("sync-service", "STOP");
        long sendStart = System.nanoTime();
        try {
            send(t, events, 64);
        } finally {
            signal("sync-service", "CONT");
        }
        double intakeRate = events / ((System.nanoTime() - sendStart) / 1e9);
        long applyStart = System.nanoTime();
        Map<String, Double> cpuSent = cpuByComponent();
        awaitRows(t, events, Duration.ofMinutes(15));
        printCpu("backlog of " + phase, cpuSent, cpuByComponent(), (System.nanoTime() - applyStart) / 1e9);
        double[] p = one(t, """
                SELECT extract(epoch FROM percentile_disc(0.1) WITHIN GROUP (ORDER BY updated_at)),
                       extract(epoch FROM percentile_disc(0.9) WITHIN GROUP (ORDER BY updated_at)),
                       extract(epoch FROM max(updated_at) - min(updated_at)), count(*)
                FROM sync.menu_item WHERE tenant = ?""");
        double rate = 0.8 * p[3] / (p[1] - p[0]);
        System.out.printf(Locale.ROOT, "INFO %s: %d webhooks accepted by intake at %.0f/s while sync-service was down; "
                + "rows written at %.0f/s (10%%..90%%), first to last row %.1f s; load average %s%n", phase, events,
                intakeRate, rate, p[2], loadAverage());
        return rate;
    }

    /** Restarts sync-service with {@code settings} and warms it up with webhooks sent while it runs. */
    private void restartWarm(Map<String, String> settings, int warmupEvents) throws Exception {
        stack.stop("sync-service");
        stack.start("sync-service", settings);
        // Rounds of webhooks until the JIT of sync-service and intake-service has settled: the figures are those of
        // compiled code, not of C2 compiling on the same 2 cores (it takes most of a core in the first rounds).
        for (int round = 1; ; round++) {
            Tenant warm = tenant();
            double[] jit = jitSeconds();
            long start = System.nanoTime();
            send(warm, warmupEvents, 64);
            awaitRows(warm, warmupEvents, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] share = jitShare(jit, seconds);
            System.out.printf(Locale.ROOT, "INFO warm-up round %d: %d webhooks applied in %.1f s; JIT used %.0f%% of a "
                    + "core in sync-service, %.0f%% in intake-service%n", round, warmupEvents, seconds, 100 * share[0],
                    100 * share[1]);
            if ((share[0] < WARM_JIT_SHARE && share[1] < WARM_JIT_SHARE) || round == WARM_MAX_ROUNDS) {
                return;
            }
        }
    }

    /** JIT CPU seconds so far of sync-service and intake-service, in that order. */
    private static double[] jitSeconds() throws IOException {
        return new double[] {jitSeconds("sync-service"), jitSeconds("intake-service")};
    }

    /** The share of a core the JIT of sync-service and intake-service used since {@code before} ({@link #jitSeconds()}). */
    private static double[] jitShare(double[] before, double seconds) throws IOException {
        double[] now = jitSeconds();
        return new double[] {(now[0] - before[0]) / seconds, (now[1] - before[1]) / seconds};
    }

    /** CPU seconds the JIT compiler threads of a component's JVM have used so far (from /proc). */
    private static double jitSeconds(String component) throws IOException {
        double ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid(component)), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    record Percentiles(double p50, double p99, double max) {
    }

    record Latencies(int count, Percentiles committed, Percentiles started, Percentiles fromRequest) {
    }

    private Latencies latency(Tenant t, int rate, int seconds, int warmupEvents, Map<String, String> settings)
            throws Exception {
        restartWarm(settings, warmupEvents);

        // the same open-loop load, unmeasured, first: code paths of small batches at a steady rate compile too
        Tenant warm = tenant();
        openLoop(warm, "lat-warm", rate, LATENCY_WARMUP_SECONDS, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        awaitRows(warm, rate * LATENCY_WARMUP_SECONDS, Duration.ofMinutes(5));

        int total = rate * seconds;
        recordIntake("start");
        Map<String, Double> cpuBefore = cpuByComponent();
        double[] jit = jitSeconds();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        Map<String, Long> requested = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        openLoop(t, "lat", rate, seconds, requested, accepted);
        awaitRows(t, total, Duration.ofMinutes(5));
        double elapsed = (System.nanoTime() - start) / 1e9;
        printCpu("latency phase", cpuBefore, cpuByComponent(), elapsed);
        double[] share = jitShare(jit, elapsed);
        System.out.printf(Locale.ROOT, "INFO JIT during the latency phase: %.0f%% of a core in sync-service, %.0f%% in "
                + "intake-service%n", 100 * share[0], 100 * share[1]);
        recordIntake("stop");

        Map<String, Long> committed = eventTimes(t, total);
        Map<String, Long> started = new HashMap<>();
        try (Connection c = stack.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT external_id, (extract(epoch FROM updated_at) * 1000)::bigint FROM sync.menu_item WHERE tenant = ?")) {
            ps.setString(1, t.id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    started.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        printWindows(accepted, committed);
        return new Latencies(total, percentiles(accepted, committed), percentiles(accepted, started),
                percentiles(requested, committed));
    }

    /**
     * Sends {@code rate} webhooks a second for {@code seconds} regardless of answers (at most 256 in flight) and
     * records when each was requested and when its 202 came; fails if any was not accepted.
     */
    private void openLoop(Tenant t, String phase, int rate, int seconds, Map<String, Long> requested,
            Map<String, Long> accepted) throws Exception {
        int total = rate * seconds;
        long start = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        Semaphore inFlight = new Semaphore(256);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        while (sent.get() < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
            while (sent.get() < due) {
                int i = sent.getAndIncrement();
                inFlight.acquire();
                requested.put(item(phase, i), System.currentTimeMillis());
                sendOne(t, phase, i).whenComplete((status, e) -> {
                    inFlight.release();
                    if (e != null || status != 202) {
                        errors.add(e != null ? e : new IllegalStateException("status " + status));
                    } else {
                        accepted.put(item(phase, i), System.currentTimeMillis());
                    }
                });
            }
            Thread.sleep(2);
        }
        inFlight.acquire(256);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " webhooks not accepted; first: " + errors.get(0));
        }
    }

    /** Creation time of each item's {@code item.availability_changed} event (published after the row's commit). */
    private Map<String, Long> eventTimes(Tenant t, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-sync-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, Long> times = new HashMap<>();
        try (KafkaConsumer<String, PlatformEvent> consumer = new KafkaConsumer<>(props,
                Topics.PLATFORM_EVENTS.keySerde().deserializer(),
                Topics.PLATFORM_EVENTS.valueSerde(stack.registryUrl()).deserializer())) {
            consumer.subscribe(List.of(Topics.PLATFORM_EVENTS.name()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (times.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, PlatformEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    PlatformEvent e = r.value();
                    if (e != null && t.id.equals(e.getTenant()) && "item.availability_changed".equals(e.getType())) {
                        times.putIfAbsent(e.getSubject(), r.timestamp());
                    }
                }
            }
        }
        if (times.size() < expected) {
            throw new IllegalStateException("only " + times.size() + " of " + expected + " availability events seen");
        }
        return times;
    }

    private static Percentiles percentiles(Map<String, Long> from, Map<String, Long> to) {
        double[] ms = from.entrySet().stream().mapToDouble(e -> to.get(e.getKey()) - e.getValue()).sorted().toArray();
        return new Percentiles(at(ms, 0.5), at(ms, 0.99), ms[ms.length - 1]);
    }

    /** p99 and max per 5 s window of the phase (by 202 time): shows whether the tail is spread or one stall. */
    private static void printWindows(Map<String, Long> from, Map<String, Long> to) {
        long first = from.values().stream().mapToLong(Long::longValue).min().orElse(0);
        Map<Long, List<Double>> windows = new java.util.TreeMap<>();
        from.forEach((k, v) -> windows.computeIfAbsent((v - first) / 5000, w -> new ArrayList<>())
                .add((double) (to.get(k) - v)));
        StringBuilder line = new StringBuilder();
        windows.forEach((w, list) -> {
            double[] ms = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line.append(String.format(Locale.ROOT, " %ds:p99=%.0f/max=%.0f", w * 5, at(ms, 0.99), ms[ms.length - 1]));
        });
        System.out.println("INFO 202 -> row committed by 5 s window (ms):" + line);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Sends {@code events} webhooks as fast as intake takes them, {@code concurrency} at a time; all must be 202. */
    private void send(Tenant t, int events, int concurrency) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        String phase = "b" + t.id;
        for (int i = 0; i < events; i++) {
            inFlight.acquire();
            sendOne(t, phase, i).whenComplete((status, e) -> {
                inFlight.release();
                if (e != null || status != 202) {
                    errors.add(e != null ? e : new IllegalStateException("status " + status));
                }
            });
        }
        inFlight.acquire(concurrency);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " webhooks not accepted; first: " + errors.get(0));
        }
    }

    private static String item(String phase, int i) {
        return phase + "-item-" + i;
    }

    /** One signed Toast stock webhook (docs/providers.md shape) marking a new item out of stock. */
    private java.util.concurrent.CompletableFuture<Integer> sendOne(Tenant t, String phase, int i) {
        String body = """
                {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"%s",
                 "details":{"itemGuid":"%s","restaurantGuid":"rest-%s","status":"OUT_OF_STOCK"}}"""
                .formatted(Instant.now().toString().replace("Z", "+0000"), UUID.randomUUID(), item(phase, i), t.id);
        String ts = String.valueOf(Instant.now().toEpochMilli());
        String signature = Signers.toast(t.secrets.get("toast"), body, ts);
        int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        // Content-Length as platforms send it (without it the client would send the body chunked)
        return http.headers(h -> h.set("Content-Type", "application/json").set("Content-Length", length)
                        .set("Toast-Timestamp", ts).set("Toast-Signature", signature))
                .post().uri(t.intake("toast"))
                .send((request, out) -> out.sendString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(ignored -> response.status().code()))
                .toFuture();
    }

    private void awaitRows(Tenant t, int expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = (long) one(t, "SELECT count(*) FROM sync.menu_item WHERE tenant = ?")[0];
            if (rows >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("only " + rows + " of " + expected + " rows after " + within);
    }

    private double[] one(Tenant t, String sql) throws SQLException {
        try (Connection c = stack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double[] out = new double[rs.getMetaData().getColumnCount()];
                Arrays.setAll(out, i -> {
                    try {
                        return rs.getDouble(i + 1);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return out;
            }
        }
    }

    /** CPU seconds used so far by each part of the stack (and this load generator, and Postgres), by command line. */
    private static Map<String, Double> cpuByComponent() {
        Map<String, Double> cpu = new java.util.TreeMap<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            String command = info.commandLine().orElse(info.command().orElse(""));
            String name = p.pid() == self ? "load-generator"
                    : command.contains("postgres") ? "postgres"
                    : command.contains("kafka.Kafka") ? "kafka"
                    : command.contains("quarkus-run") ? "registry"
                    : java.util.stream.Stream.of("intake-service", "sync-service", "delivery-service", "poller-service")
                            .filter(command::contains).findFirst().orElse(null);
            if (name != null) {
                cpu.merge(name, info.totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0), Double::sum);
            }
        });
        return cpu;
    }

    private static void printCpu(String what, Map<String, Double> before, Map<String, Double> after, double seconds) {
        StringBuilder line = new StringBuilder();
        after.forEach((name, s) -> line.append(String.format(Locale.ROOT, " %s=%.2f", name,
                (s - before.getOrDefault(name, 0.0)) / seconds)));
        System.out.printf(Locale.ROOT, "INFO cores used during the %s (%.0f s):%s%n", what, seconds, line);
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a component's process. */
    private static void signal(String component, String signal) throws Exception {
        run("kill", "-" + signal, Long.toString(pid(component)));
    }

    /** BENCH_PROFILE=<dir>: intake-service (running all along) is recorded with JFR during the latency phase. */
    private static void recordIntake(String action) throws Exception {
        Path recordings = recordings();
        if (recordings == null) {
            return;
        }
        String pid = Long.toString(pid("intake-service"));
        if (action.equals("start")) {
            run("jcmd", pid, "JFR.start", "name=bench", "settings=profile");
        } else {
            run("jcmd", pid, "JFR.stop", "name=bench",
                    "filename=" + recordings.resolve("intake-latency.jfr"));
        }
    }

    private static long pid(String component) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(component + "-"))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException(component + " is not running"));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }
}
