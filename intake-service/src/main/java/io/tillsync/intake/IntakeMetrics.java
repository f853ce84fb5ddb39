package io.tillsync.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Intake's meters: {@code tillsync.intake.requests{provider,outcome}}, {@code tillsync.intake.verification.failures
 * {provider}} and the {@code tillsync.intake.publish.latency} histogram (send to broker acknowledgement). Counters are
 * looked up once per (provider, outcome), not built per request: both sets are small and fixed.
 */
@Component
public class IntakeMetrics {

    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder("tillsync.intake.publish.latency")
                .description("Time from send to the broker's acknowledgement of a verified webhook")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Counts one answered request; {@code provider} must be a known provider or {@code unknown}. */
    public void request(String provider, String outcome) {
        counters.computeIfAbsent("requests/" + provider + '/' + outcome, k -> Counter.builder("tillsync.intake.requests")
                .description("Webhook requests by provider and outcome")
                .tag("provider", provider).tag("outcome", outcome).register(registry)).increment();
    }

    public void verificationFailure(String provider) {
        counters.computeIfAbsent("failures/" + provider, k -> Counter.builder("tillsync.intake.verification.failures")
                .description("Webhooks whose signature was missing or wrong")
                .tag("provider", provider).register(registry)).increment();
    }

    public void published(Duration latency) {
        publishLatency.record(latency);
    }
}
