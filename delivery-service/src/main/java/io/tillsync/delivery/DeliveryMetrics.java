package io.tillsync.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Delivery meters: {@code tillsync.delivery.attempts{outcome}} (success, http_error, timeout, network_error,
 * refused); {@code tillsync.delivery.first_attempt.latency}, from the event's Kafka timestamp to its first attempt,
 * as a percentile histogram; and the work queue's own costs: {@code tillsync.delivery.claim} (one claim query) with
 * {@code tillsync.delivery.claim.size}, {@code tillsync.delivery.record} (one batch of results written) with
 * {@code tillsync.delivery.record.size}; {@code tillsync.delivery.endpoints.disabled}, endpoints auto-disabled.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Timer firstAttemptLatency;
    private final Timer claim;
    private final DistributionSummary claimSize;
    private final Timer record;
    private final DistributionSummary recordSize;
    private final Counter endpointsDisabled;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstAttemptLatency = Timer.builder("tillsync.delivery.first_attempt.latency")
                .description("Time from the platform event on the topic to its first delivery attempt")
                .publishPercentileHistogram()
                .register(registry);
        this.claim = Timer.builder("tillsync.delivery.claim").description("One claim of due deliveries")
                .register(registry);
        this.claimSize = DistributionSummary.builder("tillsync.delivery.claim.size")
                .description("Deliveries leased by one claim").register(registry);
        this.record = Timer.builder("tillsync.delivery.record").description("One batch of attempt results written")
                .register(registry);
        this.recordSize = DistributionSummary.builder("tillsync.delivery.record.size")
                .description("Attempt results written by one batch").register(registry);
        this.endpointsDisabled = Counter.builder("tillsync.delivery.endpoints.disabled")
                .description("Endpoints disabled after consecutive failed attempts").register(registry);
    }

    public void endpointDisabled() {
        endpointsDisabled.increment();
    }

    public void claimed(long nanos, int size) {
        claim.record(nanos, TimeUnit.NANOSECONDS);
        claimSize.record(size);
    }

    public void recorded(long nanos, int size) {
        record.record(nanos, TimeUnit.NANOSECONDS);
        recordSize.record(size);
    }

    /** Registers a gauge read from the owner (in-flight sends, results waiting to be written). */
    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public void attempt(String outcome) {
        attempts.computeIfAbsent(outcome, o -> Counter.builder("tillsync.delivery.attempts")
                .description("Delivery attempts by outcome").tag("outcome", o).register(registry)).increment();
    }

    public void firstAttempt(Duration sinceOnTopic) {
        if (!sinceOnTopic.isNegative()) {
            firstAttemptLatency.record(sinceOnTopic);
        }
    }
}
