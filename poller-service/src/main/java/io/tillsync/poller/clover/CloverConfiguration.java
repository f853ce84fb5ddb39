package io.tillsync.poller.clover;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.platforms.clover.CloverApi;
import io.tillsync.platforms.clover.CloverClient;
import io.tillsync.platforms.clover.CloverRateLimiter;
import io.tillsync.platforms.http.OutboundHttp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Wires the Clover client (the platforms module's {@link CloverClient} over the one {@link OutboundHttp}, with one
 * rate limiter per replica; outcomes counted as {@code tillsync.clover.requests}), and ticks {@link CloverPollWorkers#tick()}
 * every {@code tillsync.clover.tick} unless polling is switched off on this replica.
 */
@Configuration
public class CloverConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CloverConfiguration.class);

    private final CloverProperties properties;
    private final ObjectProvider<CloverPollWorkers> workers;

    public CloverConfiguration(CloverProperties properties, ObjectProvider<CloverPollWorkers> workers) {
        this.properties = properties;
        this.workers = workers;
    }

    @Bean
    public CloverApi cloverApi(OutboundHttp http, MeterRegistry meters, ObjectProvider<Clock> clock) {
        CloverProperties.RateLimit limit = properties.rateLimit();
        return new CloverClient(http, new CloverRateLimiter(new CloverRateLimiter.Limits(limit.tokenPerSecond(),
                        limit.tokenConcurrency(), limit.appPerSecond(), limit.appConcurrency())),
                new CloverClient.Backoff(properties.backoff().schedule(), properties.backoff().maxRetryAfter()),
                properties.requestTimeout(), d -> Thread.sleep(d.toMillis()),
                (kind, outcome) -> meters.counter("tillsync.clover.requests", "kind", kind, "outcome", outcome)
                        .increment(),
                clock.getIfUnique(Clock::systemUTC));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.enabled()) {
            log.info("Clover polling disabled on this replica (CLOVER_POLLING_ENABLED=false)");
            return;
        }
        registrar.addFixedDelayTask(new FixedDelayTask(this::tick, properties.tick(), properties.initialDelay()));
    }

    private void tick() {
        try {
            workers.getObject().tick();
        } catch (RuntimeException e) {
            log.error("clover poll tick failed; next tick in {}", properties.tick(), e);
        }
    }
}
