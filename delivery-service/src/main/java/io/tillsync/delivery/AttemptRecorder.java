package io.tillsync.delivery;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.delivery.config.DeliveryProperties;
import io.tillsync.delivery.store.AttemptRecord;
import io.tillsync.delivery.store.DeliveryOutcome;
import io.tillsync.delivery.store.DeliveryStatus;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.EndpointStore;
import io.tillsync.delivery.store.EndpointTally;
import io.tillsync.delivery.store.HealthChange;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.schemas.AlertKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Makes attempt results durable in batches (one transaction per batch instead of one per attempt, which is what
 * lets one replica pass thousands of deliveries a second), then acts on what moved: exhausted deliveries and
 * endpoint failure streaks raise ops alerts (and the tenant's operational webhooks: {@link OperationalWebhooks}), and an
 * endpoint that reached the disable threshold gets its pending deliveries failed. A result that cannot be stored is dropped after retries: its delivery's lease runs out and it
 * is sent again (at least once).
 */
@Component
public class AttemptRecorder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);

    /** One result waiting to be written, and who to tell when it is. */
    private record Pending(AttemptRecord record, Sinks.Empty<Void> done) {
    }

    private final DeliveryStore deliveries;
    private final EndpointStore endpoints;
    private final TopicPublisher<OpsAlert> alerts;
    private final Clock clock;
    private final DeliveryProperties.Health health;
    private final Sinks.Many<Pending> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final java.util.concurrent.atomic.AtomicInteger backlog = new java.util.concurrent.atomic.AtomicInteger();
    private final DeliveryMetrics metrics;
    private final OperationalWebhooks operational;
    private final Disposable flusher;

    public AttemptRecorder(DeliveryStore deliveries, EndpointStore endpoints, TopicPublisher<OpsAlert> alerts,
            Clock clock, DeliveryProperties properties, DeliveryMetrics metrics, OperationalWebhooks operational) {
        this.deliveries = deliveries;
        this.operational = operational;
        this.metrics = metrics;
        metrics.gauge("tillsync.delivery.record.backlog", "Attempt results waiting to be written", backlog::get);
        this.endpoints = endpoints;
        this.alerts = alerts;
        this.clock = clock;
        this.health = properties.health();
        this.flusher = queue.asFlux()
                .bufferTimeout(properties.worker().recordBatch(), properties.worker().recordInterval(), true)
                .concatMap(this::flush)
                .subscribe();
    }

    /** Queues a result; the Mono completes once it is stored (or given up on). */
    public Mono<Void> submit(AttemptRecord record) {
        Sinks.Empty<Void> done = Sinks.empty();
        backlog.incrementAndGet();
        queue.emitNext(new Pending(record, done), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
        return done.asMono();
    }

    /** Results submitted and not yet written (or given up on). */
    public int backlog() {
        return backlog.get();
    }

    private Mono<Void> flush(List<Pending> batch) {
        List<AttemptRecord> records = batch.stream().map(Pending::record).toList();
        long start = System.nanoTime();
        return deliveries.record(records, tallies(records), health.disableAt(), health.disableAfter())
                .retryWhen(Retry.backoff(5, Duration.ofMillis(50)))
                .doOnNext(recorded -> metrics.recorded(System.nanoTime() - start, records.size()))
                .flatMap(recorded -> react(records, recorded))
                .doOnError(e -> log.error("Could not store {} attempt results; their deliveries will be retried after "
                        + "the lease", records.size(), e))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> {
                    backlog.addAndGet(-batch.size());
                    batch.forEach(p -> p.done().tryEmitEmpty());
                })
                .then();
    }

    /** Folds a batch's results per endpoint, in completion order. */
    static List<EndpointTally> tallies(List<AttemptRecord> records) {
        Map<UUID, EndpointTally> byEndpoint = new LinkedHashMap<>();
        for (AttemptRecord r : records) {
            EndpointTally t = byEndpoint.getOrDefault(r.endpointId(),
                    new EndpointTally(r.endpointId(), false, 0, null, null, null));
            Instant at = r.startedAt().plusMillis(r.durationMs());
            byEndpoint.put(r.endpointId(), r.succeeded()
                    ? new EndpointTally(t.endpointId(), true, 0, later(t.lastSuccess(), at), t.lastFailure(), null)
                    : new EndpointTally(t.endpointId(), t.hadSuccess(), t.trailingFailures() + 1, t.lastSuccess(),
                            later(t.lastFailure(), at), t.firstTrailingFailure() == null ? at : t.firstTrailingFailure()));
        }
        return new ArrayList<>(byEndpoint.values());
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private Mono<Void> react(List<AttemptRecord> records, DeliveryStore.Recorded recorded) {
        List<OpsAlert> raised = new ArrayList<>();
        List<Mono<Void>> told = new ArrayList<>();
        Map<UUID, AttemptRecord> lastAttempt = new java.util.HashMap<>();
        records.forEach(r -> lastAttempt.put(r.deliveryId(), r));
        for (DeliveryOutcome o : recorded.outcomes()) {
            // exhausted = the retry schedule ran out; a failed manual resend is not news to the one who asked for it
            if (o.status() == DeliveryStatus.FAILED && "scheduled".equals(o.trigger())) {
                raised.add(alert(o.tenant(), AlertKind.DELIVERY_EXHAUSTED, AlertSeverity.WARNING, PublicId.ENDPOINT.of(o.endpointId()),
                        "Message " + PublicId.MESSAGE.of(o.messageId()) + " (" + o.eventType() + ") failed after "
                                + o.attempts() + " attempts",
                        Map.of("messageId", PublicId.MESSAGE.of(o.messageId()), "attempts", String.valueOf(o.attempts()),
                                "eventType", o.eventType())));
                if (!OperationalWebhooks.TYPES.contains(o.eventType())) {
                    AttemptRecord last = lastAttempt.get(o.deliveryId());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("endpointId", PublicId.ENDPOINT.of(o.endpointId()));
                    data.put("msgId", PublicId.MESSAGE.of(o.messageId()));
                    data.put("eventType", o.eventType());
                    data.put("attempts", o.attempts());
                    if (last != null) {
                        Map<String, Object> attempt = new LinkedHashMap<>();
                        attempt.put("id", PublicId.ATTEMPT.of(last.attemptId()));
                        attempt.put("responseStatusCode", last.responseStatus());
                        attempt.put("error", last.error());
                        attempt.put("timestamp", last.startedAt().toString());
                        data.put("lastAttempt", attempt);
                    }
                    told.add(operational.emit(o.tenant(), OperationalWebhooks.ATTEMPT_EXHAUSTED, data));
                }
            }
        }
        List<Mono<Long>> followUps = new ArrayList<>();
        for (HealthChange h : recorded.health()) {
            String endpoint = PublicId.ENDPOINT.of(h.endpointId());
            boolean disabledNow = "ACTIVE".equals(h.oldStatus()) && "DISABLED".equals(h.newStatus());
            int from = h.hadSuccess() ? 0 : h.oldFailures();
            for (int threshold : health.alertAt()) {
                if (threshold > from && threshold <= h.newFailures() && !(disabledNow && threshold >= health.disableAt())) {
                    raised.add(alert(h.tenant(), AlertKind.DELIVERY_FAILING, AlertSeverity.WARNING, endpoint,
                            "Endpoint " + h.name() + " has failed " + threshold + " consecutive delivery attempts",
                            Map.of("consecutiveFailures", String.valueOf(threshold))));
                    if (!h.operational()) {
                        told.add(operational.emit(h.tenant(), OperationalWebhooks.ENDPOINT_FAILING, endpointData(h,
                                threshold)));
                    }
                }
            }
            if (disabledNow) {
                metrics.endpointDisabled();
                raised.add(alert(h.tenant(), AlertKind.ENDPOINT_DISABLED, AlertSeverity.CRITICAL, endpoint,
                        "Endpoint " + h.name() + " was disabled after " + h.newFailures() + " consecutive failed attempts",
                        Map.of("consecutiveFailures", String.valueOf(h.newFailures()))));
                followUps.add(endpoints.failPending(h.endpointId(), "endpoint disabled after "
                        + h.newFailures() + " consecutive failed attempts"));
                if (!h.operational()) {
                    Map<String, Object> data = endpointData(h, h.newFailures());
                    data.put("trigger", "automatic");
                    told.add(operational.emit(h.tenant(), OperationalWebhooks.ENDPOINT_DISABLED, data));
                }
            }
        }
        return publish(raised).then(reactor.core.publisher.Flux.concat(followUps).then())
                .then(reactor.core.publisher.Flux.concat(told).then());
    }

    private static Map<String, Object> endpointData(HealthChange h, int consecutiveFailures) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpointId", PublicId.ENDPOINT.of(h.endpointId()));
        data.put("consecutiveFailures", consecutiveFailures);
        data.put("failSince", h.failingSince() == null ? null : h.failingSince().toString());
        return data;
    }

    private OpsAlert alert(String tenant, AlertKind kind, AlertSeverity severity, String subject, String message,
            Map<String, String> attributes) {
        return OpsAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString())
                .setTenant(tenant)
                .setKind(kind.name())
                .setSeverity(severity)
                .setSubject(subject)
                .setMessage(message)
                .setOccurredAt(clock.instant())
                .setAttributes(Map.copyOf(attributes))
                .build();
    }

    /**
     * Alerts go to {@code ops.alerts} (key = tenant) in the order raised: each batch's alerts are acknowledged before
     * the next batch is recorded, so a later batch's alerts never overtake an earlier one's. A failed publication is
     * logged and does not hold up recording.
     */
    private Mono<Void> publish(List<OpsAlert> raised) {
        if (raised.isEmpty()) {
            return Mono.empty();
        }
        return alerts.sendAll(raised, OpsAlert::getTenant, OpsAlert::getCorrelationId).onErrorResume(e -> {
            log.error("Could not publish alerts {}", raised.stream().map(a -> a.getKind() + " for " + a.getSubject())
                    .toList(), e);
            return Mono.empty();
        });
    }

    @Override
    public void destroy() {
        queue.tryEmitComplete();
        flusher.dispose();
    }
}
