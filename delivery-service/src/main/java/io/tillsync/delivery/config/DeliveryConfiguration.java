package io.tillsync.delivery.config;

import io.tillsync.avro.OpsAlert;
import io.tillsync.delivery.RetrySchedule;
import io.tillsync.delivery.TargetGuard;
import io.tillsync.delivery.send.ReactorNettyWebhookSender;
import io.tillsync.delivery.send.WebhookSender;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

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

    @Bean
    public TargetGuard targetGuard(DeliveryProperties properties) {
        return new TargetGuard(properties.allowPrivateTargets(), properties.allowLoopbackTargets(),
                properties.requireHttps(), InetAddress::getAllByName, Duration.ofSeconds(10));
    }

    @Bean
    @ConditionalOnMissingBean
    public WebhookSender webhookSender(WebClient.Builder builder, DeliveryProperties properties) {
        return new ReactorNettyWebhookSender(builder, properties.http());
    }

    @Bean
    public TopicPublisher<OpsAlert> opsAlerts(TopicPublishers publishers) {
        return publishers.forTopic(Topics.OPS_ALERTS);
    }
}
