package io.tillsync.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.delivery.config.DeliveryProperties;
import io.tillsync.delivery.send.SendResult;
import io.tillsync.delivery.send.WebhookSender;
import io.tillsync.delivery.store.AttemptRecord;
import io.tillsync.delivery.store.ClaimedDelivery;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.kit.security.SecretBox;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * blocking, and its result handed to the {@link AttemptRecorder}. In-flight sends are bounded per replica and per
 * endpoint: an endpoint at its bound is left out of the next claims, so a slow or failing endpoint cannot take the
 * slots of healthy ones.
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
    private final Map<UUID, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();
    private final Map<String, String> clearSecrets = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

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
    }

    /** Tells the loop new work may be due (fan-out just committed, or a send finished). */
    public void wakeUp() {
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
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
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
                int free = config.maxInFlight() - inFlight.get();
                boolean worthClaiming = free >= Math.min(config.claimBatch(), config.maxInFlight()) / 4
                        || inFlight.get() == 0;
                int dispatched = worthClaiming && free > 0 ? claimAndDispatch(Math.min(free, config.claimBatch())) : 0;
                if (dispatched == 0 || dispatched < Math.min(free, config.claimBatch())) {
                    wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Delivery claim failed; trying again shortly", e);
                sleepQuietly(config.pollInterval());
            }
        }
    }

    private int claimAndDispatch(int limit) {
        List<UUID> busy = inFlightByEndpoint.entrySet().stream()
                .filter(e -> e.getValue().get() >= config.perEndpoint()).map(Map.Entry::getKey).toList();
        List<ClaimedDelivery> claimed = store.claim(limit, busy, config.lease()).collectList()
                .block(Duration.ofSeconds(30));
        if (claimed == null || claimed.isEmpty()) {
            return 0;
        }
        List<UUID> excess = new ArrayList<>();
        int dispatched = 0;
        for (ClaimedDelivery delivery : claimed) {
            AtomicInteger perEndpoint = inFlightByEndpoint.computeIfAbsent(delivery.endpointId(), id -> new AtomicInteger());
            if (perEndpoint.incrementAndGet() > config.perEndpoint()) {
                perEndpoint.decrementAndGet();
                excess.add(delivery.id());
                continue;
            }
            inFlight.incrementAndGet();
            dispatched++;
            attempt(delivery).doFinally(signal -> {
                perEndpoint.decrementAndGet();
                inFlight.decrementAndGet();
                wakeUp.release();
            }).subscribe(null, e -> log.error("Delivery {} attempt failed unexpectedly", delivery.id(), e));
        }
        if (!excess.isEmpty()) {
            store.release(excess).block(Duration.ofSeconds(30));
        }
        return dispatched;
    }

    /** One attempt: SSRF check, sign, POST, then the result to the recorder. */
    private Mono<Void> attempt(ClaimedDelivery delivery) {
        Instant startedAt = clock.instant();
        if (delivery.attempts() == 0) {
            metrics.firstAttempt(Duration.between(delivery.onTopicAt(), startedAt));
        }
        return guard.check(delivery.url())
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.just(SendResult.failed("target refused: " + refusal.get(), false, 0))
                        : send(delivery, startedAt))
                .map(result -> toRecord(delivery, result, startedAt))
                .flatMap(recorder::submit);
    }

    private Mono<SendResult> send(ClaimedDelivery delivery, Instant startedAt) {
        String msgId = PublicId.MESSAGE.of(delivery.messageId());
        long timestamp = startedAt.getEpochSecond();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        List<String> secrets = new ArrayList<>(2);
        secrets.add(clear(delivery.secretEnc()));
        if (delivery.previousSecretEnc() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(startedAt)) {
            secrets.add(clear(delivery.previousSecretEnc()));
        }
        Map<String, String> headers = Map.of(
                "webhook-id", msgId,
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", WebhookSigner.signature(msgId, timestamp, body, secrets),
                "user-agent", "Tillsync-Webhooks/1.0");
        return sender.post(URI.create(delivery.url()), headers, body);
    }

    private String clear(String encrypted) {
        if (clearSecrets.size() > 10_000) {
            clearSecrets.clear();
        }
        return clearSecrets.computeIfAbsent(encrypted, secretBox::decrypt);
    }

    AttemptRecord toRecord(ClaimedDelivery delivery, SendResult result, Instant startedAt) {
        metrics.attempt(outcome(result));
        String newStatus;
        long retryMs = 0;
        if (result.succeeded()) {
            newStatus = "SUCCEEDED";
        } else {
            // a manual attempt is placed on the schedule like the next scheduled one but is not counted against it
            // (the store counts scheduled failures only), so resending an exhausted delivery is one attempt
            Optional<Duration> wait = schedule.next(delivery.failures() + 1, new RetrySchedule.Failure(
                    result.throttledOrTimedOut(), result.retryAfter(clock.instant())));
            newStatus = wait.isPresent() ? "PENDING" : "FAILED";
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
        return result.error() != null && result.error().startsWith("target refused") ? "refused" : "network_error";
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
