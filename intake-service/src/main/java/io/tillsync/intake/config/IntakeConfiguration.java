package io.tillsync.intake.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.intake.ConnectionDirectory;
import io.tillsync.intake.ConnectionRateLimiter;
import io.tillsync.intake.store.IntakeConnectionRepository;
import io.tillsync.kit.db.ChangeNotifications;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.schemas.Topics;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the connection cache, the rate limiter and the clock from {@link IntakeProperties}, and the publisher of
 * {@code webhooks.inbound}.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public ConnectionDirectory connectionDirectory(IntakeConnectionRepository repository, SecretBox secretBox,
            IntakeProperties properties, ChangeNotifications notifications) {
        ConnectionDirectory directory = new ConnectionDirectory(repository, secretBox, properties, Ticker.systemTicker());
        directory.followChanges(notifications);
        return directory;
    }

    @Bean
    public ConnectionRateLimiter connectionRateLimiter(IntakeProperties properties, Clock clock) {
        return new ConnectionRateLimiter(properties.rateLimitPerMinute(), clock);
    }

    /** Verified webhooks; key = connection id, so order is kept per connection. */
    @Bean
    public TopicPublisher<InboundWebhook> inboundWebhooks(TopicPublishers publishers) {
        return publishers.forTopic(Topics.WEBHOOKS_INBOUND);
    }
}
