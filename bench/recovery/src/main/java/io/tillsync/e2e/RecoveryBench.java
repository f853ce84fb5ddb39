package io.tillsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.slf4j.LoggerFactory;

/**
 * Recovery benchmark on the whole local stack (deploy/stack.sh through the e2e harness, hence this package): a
 * steady open-loop load of signed Toast stock webhooks (one new item each) for one tenant with one subscriber, while
 * each of intake-service, sync-service, delivery-service, poller-service and the broker is SIGKILLed and started
 * again in turn; then, for sync-service, delivery-service and poller-service (the consumer groups), a second
 * replica runs beside the stack's, the stack's is SIGKILLed and not restarted (the survivor takes over), started
 * again, and the second one stopped cleanly (SIGTERM: it leaves its groups, the partitions move at once).
 *
 * <p>For each restart, from the kill: {@code ready} (the launcher saw the restarted process's health UP),
 * {@code resume} (the subscriber got the first event whose webhook was accepted once the killed process was gone)
 * and {@code backlog gone} (the last of the events not delivered at the kill or accepted before the resume was
 * delivered). For
 * each takeover and clean stop: when every partition of the service's groups was held by the remaining replica again
 * (read from the broker), the resume, and when every event was on time again (the last one slower than the steady
 * state's bound was delivered). Every accepted webhook must arrive once: lost = accepted and never delivered, doubled
 * = one item delivered as two messages, resent = one message sent again (at least once: a send in flight at a
 * kill).
 */
public final class RecoveryBench {

    private static final String PATH = "/recovery";
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofMinutes(4);
    /** The consumer groups of each service whose takeover is measured (the webhook path's). */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "sync-service", List.of("sync-inbound", "sync-catalog"),
            "delivery-service", List.of("delivery-service"),
            "poller-service", List.of("poller-manual-sync"));

    private final E2eStack stack;
    private final Tenant tenant;
    private final int rate;
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> messagesByItem = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger notAccepted = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> results = new ArrayList<>();
    private boolean allMet = true;
    /** Latency (202 to delivery) above which an event counts as held up by the fault. */
    private long lateMillis;

    private RecoveryBench(E2eStack stack, Tenant tenant, int rate) {
        this.stack = stack;
        this.tenant = tenant;
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "25"));
        List<String> faults = List.of(System.getenv().getOrDefault("BENCH_FAULTS",
                "intake-service,sync-service,delivery-service,poller-service,kafka").split(","));
        List<String> takeovers = List.of(System.getenv().getOrDefault("BENCH_TAKEOVERS",
                "sync-service,delivery-service,poller-service").split(","));
        E2eStack stack = E2eStack.get();
        Tenant tenant = new Tenant(stack);
        tenant.connect("toast", "3325cc58", Map.of());
        RecoveryBench bench = new RecoveryBench(stack, tenant, rate);
        HttpServer subscriber = bench.subscriber();
        tenant.endpoint("http://127.0.0.1:" + subscriber.getAddress().getPort() + PATH);
        System.out.printf(Locale.ROOT, "INFO stack up; %d webhooks/s, one tenant, one subscriber; %d cores, load %s%n",
                rate, Runtime.getRuntime().availableProcessors(), loadAverage());
        Thread load = new Thread(bench::load, "bench-load");
        load.start();
        try {
            bench.run(faults.stream().filter(s -> !s.isBlank()).toList(),
                    takeovers.stream().filter(s -> !s.isBlank()).toList());
        } finally {
            bench.running.set(false);
            load.join(30_000);
        }
        bench.finish();
        subscriber.stop(0);
        System.exit(bench.allMet ? 0 : 3);
    }

    private void run(List<String> faults, List<String> takeovers) {
        awaitCondition("warm-up deliveries", () -> deliveredAt.size() >= rate * 20);
        long since = System.currentTimeMillis() - 10_000;
        List<Long> steady = acceptedAt.entrySet().stream().filter(e -> e.getValue() >= since && deliveredAt.containsKey(e.getKey()))
                .map(e -> deliveredAt.get(e.getKey()) - e.getValue()).sorted().toList();
        long p50 = steady.get(steady.size() / 2);
        long p99 = steady.get(Math.min(steady.size() - 1, steady.size() * 99 / 100));
        lateMillis = Math.max(2_000, 2 * p99);
        System.out.printf(Locale.ROOT, "INFO steady state: webhook 202 -> delivered p50 %d ms, p99 %d ms; an event is "
                + "held up by a fault when it takes over %d ms%n", p50, p99, lateMillis);
        for (String component : faults) {
            settle();
            long killedAt = System.currentTimeMillis();
            stack.kill(component);
            long deadAt = System.currentTimeMillis(); // a 202 that came back before this may be from the dying process
            stack.start(component);
            long readyAt = System.currentTimeMillis();
            reportRestart(component, killedAt, deadAt, readyAt, component.equals("kafka") ? 10_000 : 5_000);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            for (String service : takeovers) {
                settle();
                String secondId = "bench-" + service + "-2";
                Pattern second = Pattern.compile(Pattern.quote(secondId) + "(-\\d+)?");
                try (E2eStack.Replica replica = stack.startReplica(service, secondId)) {
                    awaitGroups(admin, service, id -> true, true);
                    settle();
                    long killedAt = System.currentTimeMillis();
                    stack.kill(service);
                    long takenOver = awaitGroups(admin, service, id -> second.matcher(id).matches(), false);
                    reportHandover("takeover", service, killedAt, takenOver);
                    stack.start(service);
                    awaitGroups(admin, service, id -> true, true);
                    settle();
                    killedAt = System.currentTimeMillis();
                    replica.close(); // SIGTERM: a deploy's shutdown
                    long handedOver = awaitGroups(admin, service, id -> !second.matcher(id).matches(), false);
                    reportHandover("clean stop", service, killedAt, handedOver);
                }
            }
        }
        settle();
    }

    /**
     * A restart: waits until the fault's backlog is delivered and prints its figures. The backlog is what was not
     * delivered at the kill or was accepted before the pipeline delivered again.
     */
    private void reportRestart(String component, long killedAt, long deadAt, long readyAt, long target) {
        awaitCondition(component + " resumed", () -> firstDeliveryAcceptedAfter(deadAt) > 0);
        long resumedAt = firstDeliveryAcceptedAfter(deadAt);
        settle();
        long backlogGone = acceptedAt.entrySet().stream().filter(e -> e.getValue() < resumedAt)
                .map(e -> deliveredAt.get(e.getKey())).filter(at -> at != null && at > killedAt)
                .mapToLong(Long::longValue).max().orElse(resumedAt) - killedAt;
        boolean met = resumedAt - readyAt <= target;
        allMet &= met;
        String line = String.format(Locale.ROOT, "RESULT recovery restart  %-16s ready %5.1f s  resume %5.1f s "
                        + "(%4.1f s after ready)  backlog gone %5.1f s  target resume <= %d s after ready: %s",
                component, (readyAt - killedAt) / 1000.0, (resumedAt - killedAt) / 1000.0,
                (resumedAt - readyAt) / 1000.0, backlogGone / 1000.0, target / 1000, met ? "met" : "MISSED");
        results.add(line);
        System.out.println(line);
    }

    /**
     * A replica gone (killed or stopped) while another runs: {@code groupsAt} is when every partition of the
     * service's groups was held by the remaining replica again (the target: 10 s); also printed, when the first event
     * accepted after it was delivered and when every event was on time again (the last one slower than the steady
     * bound was delivered).
     */
    private void reportHandover(String kind, String service, long killedAt, long groupsAt) {
        awaitCondition(service + " resumed", () -> firstDeliveryAcceptedAfter(killedAt) > 0);
        long resumedAt = firstDeliveryAcceptedAfter(killedAt);
        settle();
        long lastLate = acceptedAt.entrySet().stream().filter(e -> e.getValue() >= killedAt - 5_000)
                .filter(e -> deliveredAt.containsKey(e.getKey()))
                .filter(e -> deliveredAt.get(e.getKey()) - e.getValue() > lateMillis)
                .mapToLong(e -> deliveredAt.get(e.getKey())).max().orElse(killedAt);
        long target = 10_000;
        boolean met = groupsAt - killedAt <= target;
        allMet &= met;
        String line = String.format(Locale.ROOT, "RESULT recovery %-10s %-16s partitions held by the other replica "
                        + "%5.1f s  resume %5.1f s  every event on time again %5.1f s  target partitions <= %d s: %s",
                kind, service, (groupsAt - killedAt) / 1000.0, (resumedAt - killedAt) / 1000.0,
                (lastLate - killedAt) / 1000.0, target / 1000, met ? "met" : "MISSED");
        results.add(line);
        System.out.println(line);
    }

    /**
     * Waits until every consumer group of the service is stable with members, all of them accepted by
     * {@code members} (by group instance id), and, with {@code twoReplicas}, until both replicas are in each group;
     * returns when.
     */
    private static long awaitGroups(Admin admin, String service, Predicate<String> members, boolean twoReplicas) {
        List<String> groups = GROUPS.get(service);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                        .get(10, TimeUnit.SECONDS);
                boolean done = described.values().stream().allMatch(g -> g.state() == ConsumerGroupState.STABLE
                        && !g.members().isEmpty()
                        && g.members().stream().allMatch(m -> members.test(m.groupInstanceId().orElse("")))
                        && (!twoReplicas || g.members().stream().map(m -> replicaOf(m.groupInstanceId().orElse("")))
                                .distinct().count() >= 2));
                if (done) {
                    return System.currentTimeMillis();
                }
            } catch (Exception e) {
                // the broker answers again in a moment
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("the groups of " + service + " did not settle within " + WAIT);
    }

    /** The replica's identity of a group instance id (spring-kafka appends -n per consumer of a container). */
    private static String replicaOf(String instanceId) {
        return instanceId.replaceFirst("-\\d+$", "");
    }

    private void finish() {
        Set<String> accepted = Set.copyOf(acceptedAt.keySet());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!deliveredAt.keySet().containsAll(accepted) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        long lost = accepted.stream().filter(item -> !deliveredAt.containsKey(item)).count();
        long doubled = messagesByItem.values().stream().filter(ids -> ids.size() > 1).count();
        long messages = messagesByItem.values().stream().mapToLong(Set::size).sum();
        boolean met = lost == 0 && doubled == 0;
        allMet &= met;
        System.out.printf(Locale.ROOT, "RESULT recovery totals: %d webhooks sent, %d accepted (202), %d not accepted "
                        + "(503 or unreachable while down); lost %d, doubled %d, resent %d (same message again); %s%n",
                sent.get(), accepted.size(), notAccepted.get(), lost, doubled, requests.get() - messages,
                met ? "nothing lost or doubled" : "MISSED");
    }

    /** Open loop: one webhook every 1/rate s, whatever the answers. */
    private void load() {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicInteger next = new AtomicInteger();
        long pace = 1_000_000_000L / rate;
        long due = System.nanoTime();
        while (running.get()) {
            due += pace;
            LockSupport.parkNanos(due - System.nanoTime());
            String item = "rec-" + next.incrementAndGet();
            pool.execute(() -> {
                sent.incrementAndGet();
                String body = """
                        {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"g-%s",
                         "details":{"itemGuid":"%s","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                        .formatted(Instant.now().toString().replace("Z", "+0000"), item, item);
                if (tenant.toast(body).status() == 202) {
                    acceptedAt.put(item, System.currentTimeMillis());
                } else {
                    notAccepted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpServer subscriber() throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext(PATH, exchange -> {
            long now = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
            try {
                JsonNode json = Http.JSON.readTree(body);
                for (String item : json.path("data").findValuesAsText("itemId")) {
                    deliveredAt.putIfAbsent(item, now);
                    messagesByItem.computeIfAbsent(item, k -> ConcurrentHashMap.newKeySet()).add(webhookId);
                }
            } catch (Exception e) {
                // not an event of ours
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** When the subscriber first got an item accepted at or after {@code since}; 0 if none yet. */
    private long firstDeliveryAcceptedAfter(long since) {
        return acceptedAt.entrySet().stream().filter(e -> e.getValue() >= since && deliveredAt.containsKey(e.getKey()))
                .mapToLong(e -> deliveredAt.get(e.getKey())).min().orElse(0);
    }

    /** Until every event accepted more than the late bound ago has arrived, and that held for {@link #SETTLE}. */
    private void settle() {
        long calmSince = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long cutoff = System.currentTimeMillis() - Math.max(lateMillis, 1_000);
            boolean caughtUp = acceptedAt.entrySet().stream()
                    .noneMatch(e -> e.getValue() < cutoff && !deliveredAt.containsKey(e.getKey()));
            long now = System.currentTimeMillis();
            calmSince = caughtUp ? (calmSince == 0 ? now : calmSince) : 0;
            if (calmSince > 0 && now - calmSince >= SETTLE.toMillis()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("the pipeline did not catch up within " + WAIT);
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
