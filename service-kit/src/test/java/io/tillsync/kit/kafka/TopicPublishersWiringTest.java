package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.PollRequest;
import io.tillsync.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TopicPublishersWiringTest {

    @Test
    void shouldLetAServiceDeclareAPublisherPerTopicInjectedByValueType() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaKitConfiguration.class))
                // no broker and no registry: nothing here sends or registers
                .withPropertyValues("spring.kafka.admin.auto-create=false",
                        "spring.kafka.properties.schema.registry.url=http://127.0.0.1:9")
                .withUserConfiguration(Publishers.class, Consumer.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Consumer consumer = context.getBean(Consumer.class);
                    assertThat(consumer.polls.topic()).isEqualTo(Topics.POLL_REQUESTS);
                    assertThat(consumer.alerts.topic()).isEqualTo(Topics.OPS_ALERTS);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Publishers {
        @Bean
        TopicPublisher<PollRequest> pollRequests(TopicPublishers publishers) {
            return publishers.forTopic(Topics.POLL_REQUESTS);
        }

        @Bean
        TopicPublisher<OpsAlert> opsAlerts(TopicPublishers publishers) {
            return publishers.forTopic(Topics.OPS_ALERTS);
        }
    }

    static class Consumer {
        final TopicPublisher<PollRequest> polls;
        final TopicPublisher<OpsAlert> alerts;

        @Autowired
        Consumer(TopicPublisher<PollRequest> polls, TopicPublisher<OpsAlert> alerts) {
            this.polls = polls;
            this.alerts = alerts;
        }
    }
}
