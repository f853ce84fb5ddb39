package io.tillsync.delivery.config;

import io.tillsync.avro.OpsAlert;
import io.tillsync.delivery.RetrySchedule;
import io.tillsync.delivery.TargetGuard;
import io.tillsync.delivery.send.OutboundWebhookSender;
import io.tillsync.delivery.send.WebhookSender;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import io.tillsync.kit.outbound.OutboundProperties;
import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.HostResolver;
import io.tillsync.platforms.http.OutboundSettings;
import io.tillsync.platforms.http.ReactorNettyOutboundHttp;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delivery domain's beans: clock, retry schedule, SSRF guard, outbound HTTP and the alert publisher. */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public RetrySchedule retrySchedule(DeliveryProperties properties) {
        DeliveryProperties.Retry retry = properties.retry();
        return new RetrySchedule(retry.schedule(), retry.jitter(), retry.throttleFloor(), retry.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Which subscriber addresses may be reached: the service-wide policy, private targets allowed when either
     * {@code TILLSYNC_ALLOW_PRIVATE_TARGETS} or delivery's own {@code DELIVERY_ALLOW_PRIVATE_TARGETS} says so,
     * loopback alone with {@code allow-loopback-targets}.
     */
    static AddressPolicy subscriberPolicy(DeliveryProperties properties, OutboundProperties outbound) {
        return new AddressPolicy(properties.allowPrivateTargets() || outbound.allowPrivateTargets(),
                properties.allowLoopbackTargets());
    }

    @Bean
    public TargetGuard targetGuard(DeliveryProperties properties, OutboundProperties outbound, HostResolver resolver) {
        return new TargetGuard(subscriberPolicy(properties, outbound), resolver, properties.requireHttps());
    }

    /** Subscribers get a client of their own: delivery's pool size and timeouts, 10 KiB of each answer kept. */
    @Bean
    @ConditionalOnMissingBean
    public WebhookSender webhookSender(DeliveryProperties properties, OutboundProperties outbound,
            HostResolver resolver) {
        DeliveryProperties.Http http = properties.http();
        AddressPolicy policy = subscriberPolicy(properties, outbound);
        OutboundSettings settings = new OutboundSettings(policy.allowPrivateTargets(), http.connectTimeout(),
                http.totalTimeout(), http.maxResponseBody(), http.maxConnections());
        return new OutboundWebhookSender(new ReactorNettyOutboundHttp(settings, resolver, policy),
                http.maxResponseBody());
    }

    @Bean
    public TopicPublisher<OpsAlert> opsAlerts(TopicPublishers publishers) {
        return publishers.forTopic(Topics.OPS_ALERTS);
    }
}
