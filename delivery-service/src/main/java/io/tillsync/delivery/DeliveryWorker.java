package io.tillsync.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.tillsync.delivery.config.DeliveryProperties;
import io.tillsync.delivery.send.SendResult;
import io.tillsync.delivery.send.WebhookSender;
import io.tillsync.delivery.store.AttemptRecord;
import io.tillsync.delivery.store.ClaimedDelivery;
import io.tillsync.delivery.store.DeliveryStatus;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.tracing.Traces;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The sending loop of one replica. One thread claims due deliveries from Postgres in batches (leased with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas never share one); each claimed delivery is signed and POSTed without
 * blocking, and its result handed to the {@link AttemptRecorder}, which writes results in batches. A send's slot is
 * free again as soon as the endpoint answered (or the timeout hit), not when the result is written; the recorder's
 * backlog is bounded instead ({@code max-unrecorded}: past it, this replica stops claiming).
 *
 * <p>In-flight sends are bounded per replica and per endpoint. Claimed deliveries wait in their endpoint's lane
 * (still leased) and start as its slots free up, so an endpoint with a backlog is sent to as fast as it answers. A
 * healthy endpoint's bound adapts ({@link AdaptiveConcurrency}: from {@code per-endpoint}, growing while its latency
 * holds up to {@code per-endpoint-max}, halved on a 429, 5xx or timeout), capped by its {@code rateLimitPerSecond}
 * (Resilience4j's rate limiter spaces its sends); an endpoint whose last attempt failed (or that arrives with a
 * failure streak) gets {@code per-failing-endpoint}, until one succeeds. An endpoint whose lane is full is left out of
 * the next claims, so a failing, slow or hanging endpoint cannot take the slots of healthy ones.
 *
 * <p>A claim is a short lease ({@code lease}), renewed every third of it for each delivery whose send or result write
 * is still in flight, so a long send keeps its delivery and a crashed replica's deliveries are due again within one
 * lease.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryStore store;
    private final WebhookSender sender;
    private final TargetGuard guard;
    private final SecretBox secretBox;
    private final AttemptRecorder recorder;
    private final RetrySchedule schedule;
    private final DeliveryMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final DeliveryProperties.Worker config;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    /** Claimed deliveries waiting in a lane for a slot. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Semaphore wakeUp = new Semaphore(0);
    /** Slots promised to claims still running. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final Semaphore claimPermits;
    /** Bumped whenever new work may be due; a claim that came back short marks that generation drained. */
    private final java.util.concurrent.atomic.AtomicLong workGeneration = new java.util.concurrent.atomic.AtomicLong();
    private volatile long drainedGeneration = -1;
    private volatile boolean waitingForSlots;
    /** Deliveries being sent or recorded by this replica, with their attempt count at the claim (lease renewal). */
    private final Map<UUID, Integer> leased = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;
    private reactor.core.Disposable renewal;

    public DeliveryWorker(DeliveryStore store, WebhookSender sender, TargetGuard guard, SecretBox secretBox,
            AttemptRecorder recorder, RetrySchedule schedule, DeliveryMetrics metrics, ObjectMapper json, Clock clock,
            DeliveryProperties properties) {
        this.store = store;
        this.sender = sender;
        this.guard = guard;
        this.secretBox = secretBox;
        this.recorder = recorder;
        this.schedule = schedule;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.config = properties.worker();
        this.claimPermits = new Semaphore(config.claimConcurrency());
        metrics.gauge("tillsync.delivery.in_flight", "Sends in flight on this replica", inFlight::get);
    }

    /**
     * One endpoint on this replica: its sends in flight, the claimed deliveries waiting for one of its slots, its
     * adaptive bound, its rate limiter (when the tenant set one), whether its last attempt failed, and when its
     * backlog was set aside.
     */
    private final class Lane {
        final AtomicInteger inFlight = new AtomicInteger();
        final Queue<ClaimedDelivery> waiting = new ConcurrentLinkedQueue<>();
        final AtomicInteger waitingCount = new AtomicInteger();
        final AdaptiveConcurrency concurrency = new AdaptiveConcurrency(config.perEndpoint(),
                config.perFailingEndpoint(), config.perEndpointMax());
        volatile RateLimiter rateLimiter;
        volatile int ratePerSecond;
        volatile boolean failing;
        /** Left out of the last claim for being full; a claim is started again once it has room. */
        volatile boolean leftOut;
        volatile long deferredUntilNanos = System.nanoTime();
        /** When a send to it last finished, or its first send after an idle spell started. */
        volatile long lastProgressNanos = System.nanoTime();

        Lane(boolean failing) {
            this.failing = failing;
        }

        int limit() {
            int limit = failing ? config.perFailingEndpoint() : concurrency.limit();
            int rate = ratePerSecond;
            // a rate-limited endpoint holds at most a second's worth of sends, so none waits long for its turn
            return rate > 0 ? Math.max(1, Math.min(limit, rate)) : limit;
        }

        void rateLimit(Integer perSecond) {
            int rate = perSecond == null ? 0 : perSecond;
            if (rate != ratePerSecond) {
                rateLimiter = rate == 0 ? null : RateLimiter.of("endpoint", RateLimiterConfig.custom()
                        .limitForPeriod(rate).limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofMinutes(1)).build());
                ratePerSecond = rate;
            }
        }
    }

    /** The current in-flight bound of an endpoint on this replica (its starting bound when it sent nothing here yet). */
    public int concurrency(UUID endpointId) {
        Lane lane = lanes.get(endpointId);
        return lane == null ? config.perEndpoint() : lane.limit();
    }

    /** Tells the loop new work may be due (fan-out just committed, a resend or recovery was asked for). */
    public void wakeUp() {
        workGeneration.incrementAndGet();
        wakeUp.release();
    }

    /** Tells the loop a slot or a claim permit came free. */
    private void nudge() {
        wakeUp.release();
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "delivery-worker");
        thread.setDaemon(true);
        thread.start();
        Duration every = config.lease().dividedBy(3);
        renewal = reactor.core.publisher.Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> store.renew(Map.copyOf(leased), config.lease())
                        .onErrorResume(e -> {
                            log.warn("Could not renew the lease of {} deliveries in flight", leased.size(), e);
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        if (renewal != null) {
            renewal.dispose();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                int free = config.maxInFlight() - inFlight.get() - waiting.get() - reserved.get();
                boolean roomy = free >= Math.min(config.claimBatch(), config.maxInFlight()) / 4
                        || (inFlight.get() == 0 && reserved.get() == 0);
                waitingForSlots = !roomy || free <= 0;
                boolean drained = drainedGeneration == workGeneration.get();
                boolean recorderKeepsUp = recorder.backlog() < config.maxUnrecorded();
                if (!drained && !waitingForSlots && recorderKeepsUp && claimPermits.tryAcquire()) {
                    claim(Math.min(free, config.claimBatch()));
                    continue;
                }
                // wait for new work, a free slot or claim permit, or the poll interval (retries come due by time)
                if (!wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    workGeneration.incrementAndGet();
                }
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Delivery claim failed; trying again shortly", e);
                sleepQuietly(config.pollInterval());
            }
        }
    }

    /**
     * Starts one claim of up to {@code limit} deliveries without waiting for it: up to {@code claim-concurrency}
     * claims run at once, so the database's latency is not the ceiling of one replica's rate.
     */
    private void claim(int limit) {
        reserved.addAndGet(limit);
        long generation = workGeneration.get();
        List<UUID> busy = busyEndpoints();
        long start = System.nanoTime();
        deferFailingBacklogs(busy)
                .then(Mono.defer(() -> store.claim(limit, busy, config.lease()).collectList()))
                .doOnNext(claimed -> {
                    metrics.claimed(System.nanoTime() - start, claimed.size());
                    if (claimed.size() < limit) {
                        drainedGeneration = generation;
                    }
                    dispatch(claimed);
                })
                .doOnError(e -> drainedGeneration = generation)
                .doFinally(signal -> {
                    reserved.addAndGet(-limit);
                    claimPermits.release();
                    nudge();
                })
                .subscribe(null, e -> log.warn("Delivery claim failed; trying again shortly", e));
    }

    /** Puts what a claim leased into the endpoints' lanes and starts what their bounds allow. */
    private void dispatch(List<ClaimedDelivery> claimed) {
        Map<UUID, Lane> touched = new HashMap<>();
        for (ClaimedDelivery delivery : claimed) {
            Lane lane = lanes.computeIfAbsent(delivery.endpointId(), id -> new Lane(delivery.endpointFailures() > 0));
            lane.rateLimit(delivery.rateLimitPerSecond());
            leased.put(delivery.id(), delivery.attempts());
            waiting.incrementAndGet();
            lane.waitingCount.incrementAndGet();
            lane.waiting.add(delivery);
            touched.put(delivery.endpointId(), lane);
        }
        touched.values().forEach(this::pump);
    }

    /**
     * Starts waiting deliveries of a lane while it has free slots. A failing lane at its bound gives the rest back,
     * due after the failing backoff (it gets probes only); a lane left out of the last claim asks for a new one once
     * fewer than its bound are waiting.
     */
    private void pump(Lane lane) {
        while (true) {
            int sending = lane.inFlight.get();
            if (sending >= lane.limit()) {
                break;
            }
            if (!lane.inFlight.compareAndSet(sending, sending + 1)) {
                continue;
            }
            ClaimedDelivery delivery = lane.waiting.poll();
            if (delivery == null) {
                lane.inFlight.decrementAndGet();
                break;
            }
            lane.waitingCount.decrementAndGet();
            waiting.decrementAndGet();
            if (sending == 0) {
                lane.lastProgressNanos = System.nanoTime();
            }
            inFlight.incrementAndGet();
            start(delivery, lane);
        }
        if (lane.failing && lane.inFlight.get() >= lane.limit() && !lane.waiting.isEmpty()) {
            List<UUID> aside = new ArrayList<>();
            for (ClaimedDelivery d; (d = lane.waiting.poll()) != null; ) {
                lane.waitingCount.decrementAndGet();
                waiting.decrementAndGet();
                aside.add(d.id());
            }
            store.release(aside, config.failingBackoff())
                    .doFinally(signal -> aside.forEach(leased::remove))
                    .subscribe(null, e -> log.warn("Could not give back {} deliveries; their lease will run out",
                            aside.size(), e));
        }
        if (lane.leftOut && lane.waitingCount.get() < lane.limit()) {
            lane.leftOut = false;
            wakeUp();
        }
    }

    private void start(ClaimedDelivery delivery, Lane lane) {
        RateLimiter limiter = lane.rateLimiter;
        long reserved = limiter == null ? 0 : limiter.reservePermission();
        // no permit within the limiter's timeout (not expected: a lane holds at most a second's worth): wait a period
        long waitNanos = reserved < 0 ? TimeUnit.SECONDS.toNanos(1) : reserved;
        Mono<AttemptRecord> attempt = waitNanos > 0
                ? Mono.delay(Duration.ofNanos(waitNanos)).then(Mono.defer(() -> attempt(delivery)))
                : attempt(delivery);
        attempt
                .doOnNext(record -> {
                    lane.failing = !record.succeeded();
                    lane.concurrency.onAnswer(record.durationMs() * 1_000_000L, overloaded(record));
                })
                .doFinally(signal -> {
                    lane.lastProgressNanos = System.nanoTime();
                    lane.inFlight.decrementAndGet();
                    inFlight.decrementAndGet();
                    pump(lane);
                    if (waitingForSlots) {
                        nudge();
                    }
                })
                .flatMap(recorder::submit) // the slot is free once answered; the lease is kept until recorded
                .doFinally(signal -> leased.remove(delivery.id()))
                .subscribe(null, e -> log.error("Delivery {} attempt failed unexpectedly", delivery.id(), e));
    }

    /** A 429, a 5xx or a timeout: the endpoint is asked for less. */
    private static boolean overloaded(AttemptRecord record) {
        Integer status = record.responseStatus();
        return status != null ? status == 429 || status >= 500 : "timeout".equals(record.error());
    }

    /**
     * The endpoints left out of the next claim: a failing one at its bound, or one with at least its bound waiting
     * already. On the way, an endpoint that has sends in flight and answered none of them for {@code slow-after} is
     * treated as failing from now on (probes only, backlog set aside) instead of only once its first send timed out;
     * its next success makes it healthy again.
     */
    private List<UUID> busyEndpoints() {
        long now = System.nanoTime();
        long slowAfter = config.slowAfter().toNanos();
        List<UUID> busy = new ArrayList<>();
        lanes.forEach((id, lane) -> {
            int sending = lane.inFlight.get();
            if (!lane.failing && sending > 0 && now - lane.lastProgressNanos > slowAfter) {
                lane.failing = true;
                pump(lane); // what waits for a hanging endpoint is set aside now, not when a probe returns
            }
            boolean full = lane.failing ? sending >= lane.limit() : lane.waitingCount.get() >= lane.limit();
            if (full) {
                lane.leftOut = true;
                busy.add(id);
            }
        });
        return busy;
    }

    /**
     * A failing endpoint at its bound only gets probes; its other due deliveries are set aside for the failing
     * backoff (once per period), so that claims do not scan past them again and again.
     */
    private Mono<Long> deferFailingBacklogs(List<UUID> busy) {
        long now = System.nanoTime();
        List<UUID> failing = new ArrayList<>();
        for (UUID id : busy) {
            Lane lane = lanes.get(id);
            if (lane != null && lane.failing && lane.inFlight.get() >= lane.limit()
                    && now - lane.deferredUntilNanos >= 0) {
                lane.deferredUntilNanos = now + config.failingBackoff().toNanos();
                failing.add(id);
            }
        }
        return store.defer(failing, config.failingBackoff());
    }

    /** One attempt: SSRF check, sign, POST; the result, ready for the recorder. */
    private Mono<AttemptRecord> attempt(ClaimedDelivery delivery) {
        Instant startedAt = clock.instant();
        if (delivery.attempts() == 0) {
            metrics.firstAttempt(Duration.between(delivery.onTopicAt(), startedAt));
        }
        // the URL is checked here; its address where the connection is made (the sender refuses it there)
        Optional<String> refusal = guard.urlRefusal(delivery.url());
        return (refusal.isPresent()
                ? Mono.just(SendResult.refused(refusal.get(), 0))
                : send(delivery, startedAt))
                .map(result -> toRecord(delivery, result, startedAt));
    }

    private Mono<SendResult> send(ClaimedDelivery delivery, Instant startedAt) {
        String msgId = PublicId.MESSAGE.of(delivery.messageId());
        long timestamp = startedAt.getEpochSecond();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secretBox.decrypt(delivery.secretEnc()));
        if (delivery.previousSecretEnc() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(startedAt)) {
            secrets.add(secretBox.decrypt(delivery.previousSecretEnc()));
        }
        Map<String, String> headers = new HashMap<>(delivery.headers().size() + 8);
        headers.putAll(delivery.headers()); // the tenant's own headers never replace the ones below (validated)
        headers.put("webhook-id", msgId);
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", WebhookSigner.signature(msgId, timestamp, body, secrets));
        headers.put("user-agent", "Tillsync-Webhooks/1.0");
        if (delivery.traceparent() != null) { // the attempt continues the event's trace (TracingOutboundHttp)
            headers.put(Traces.TRACEPARENT, delivery.traceparent());
        }
        Duration timeout = delivery.timeoutSeconds() == null ? null : Duration.ofSeconds(delivery.timeoutSeconds());
        return sender.post(URI.create(delivery.url()), headers, body, timeout);
    }

    AttemptRecord toRecord(ClaimedDelivery delivery, SendResult result, Instant startedAt) {
        metrics.attempt(outcome(result));
        DeliveryStatus newStatus;
        long retryMs = 0;
        if (result.succeeded()) {
            newStatus = DeliveryStatus.SUCCEEDED;
        } else {
            // a manual attempt is placed on the schedule like the next scheduled one but is not counted against it
            // (the store counts scheduled failures only), so resending an exhausted delivery is one attempt
            Optional<Duration> wait = schedule.next(delivery.failures() + 1, new RetrySchedule.Failure(
                    result.throttledOrTimedOut(), result.retryAfter(clock.instant())));
            newStatus = wait.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
            retryMs = wait.map(Duration::toMillis).orElse(0L);
        }
        String error = result.error() != null ? result.error()
                : result.succeeded() ? null : "HTTP " + result.status();
        return new AttemptRecord(UUID.randomUUID(), delivery.id(), delivery.endpointId(), delivery.attempts(),
                result.succeeded(), result.status(), headersJson(result), result.body(), error,
                (int) result.durationMs(), delivery.trigger(), startedAt, newStatus, retryMs);
    }

    private static String outcome(SendResult result) {
        if (result.succeeded()) {
            return "success";
        }
        if (result.status() != null) {
            return "http_error";
        }
        if (result.timedOut()) {
            return "timeout";
        }
        return result.targetRefused() ? "refused" : "network_error";
    }

    private String headersJson(SendResult result) {
        if (result.status() == null) {
            return null;
        }
        try {
            return json.writeValueAsString(result.headers());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
