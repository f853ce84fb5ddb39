package io.tillsync.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Delivery meters: {@code tillsync.delivery.attempts{outcome}} (success, http_error, timeout, network_error,
 * refused) and {@code tillsync.delivery.first_attempt.latency}, from the event's Kafka timestamp to its first
 * attempt, as a percentile histogram.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Timer firstAttemptLatency;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstAttemptLatency = Timer.builder("tillsync.delivery.first_attempt.latency")
                .description("Time from the platform event on the topic to its first delivery attempt")
                .publishPercentileHistogram()
                .register(registry);
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
