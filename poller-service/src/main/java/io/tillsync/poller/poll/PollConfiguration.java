package io.tillsync.poller.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.PolledCalls;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.schemas.Topics;
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
 * The publishers every poller shares ({@code catalog.changes}, {@code ops.alerts}); ticks {@link PollWorkers#tick()} every {@code tillsync.poll.tick} unless polling is switched off on this replica,
 * and makes each provider's {@link PolledCalls} (its own limiter, the shared 429 backoff, outcomes counted as
 * {@code tillsync.poll.requests{provider,kind,outcome}}).
 */
@Configuration
public class PollConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PollConfiguration.class);

    private final PollProperties properties;
    private final ObjectProvider<PollWorkers> workers;

    public PollConfiguration(PollProperties properties, ObjectProvider<PollWorkers> workers) {
        this.properties = properties;
        this.workers = workers;
    }

    @Bean
    public TopicPublisher<CatalogChange> catalogChanges(TopicPublishers publishers) {
        return publishers.forTopic(Topics.CATALOG_CHANGES);
    }

    @Bean
    public TopicPublisher<OpsAlert> opsAlerts(TopicPublishers publishers) {
        return publishers.forTopic(Topics.OPS_ALERTS);
    }

    /** The blocking, rate-limited calls of one provider's poller. */
    public static PolledCalls polledCalls(String provider, OutboundHttp http, PollProperties properties,
            MeterRegistry meters, Clock clock) {
        return new PolledCalls(http, new RequestLimiter(RequestLimiter.Limit.none()),
                new PolledCalls.Backoff(properties.backoff().schedule(), properties.backoff().maxRetryAfter()),
                d -> Thread.sleep(d.toMillis()),
                (kind, outcome) -> meters.counter("tillsync.poll.requests", "provider", provider, "kind", kind,
                        "outcome", outcome).increment(),
                clock);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.enabled()) {
            log.info("Toast, Square and Shopify polling disabled on this replica (POS_POLLING_ENABLED=false)");
            return;
        }
        registrar.addFixedDelayTask(new FixedDelayTask(this::tick, properties.tick(), properties.initialDelay()));
    }

    private void tick() {
        try {
            workers.getObject().tick();
        } catch (RuntimeException e) {
            log.error("POS poll tick failed; next tick in {}", properties.tick(), e);
        }
    }
}
