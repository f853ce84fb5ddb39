package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

class StaticMembershipTest {

    private static MembershipProperties membership(boolean isStatic, String instanceId,
            Map<String, MembershipProperties.Listener> listeners) {
        return new MembershipProperties(isStatic, instanceId, Duration.ofSeconds(6), Duration.ofMillis(1500),
                Duration.ofMinutes(5), Duration.ofSeconds(5), listeners);
    }

    private static ConcurrentMessageListenerContainer<Object, Object> container(String id, Properties own) {
        ContainerProperties properties = new ContainerProperties("platform.events");
        properties.setGroupId(id);
        properties.setKafkaConsumerProperties(own);
        ConcurrentMessageListenerContainer<Object, Object> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of()), properties);
        container.setBeanName(id);
        return container;
    }

    @Test
    void shouldJoinUnderTheReplicaIdentityWithTheListenersOwnTiming() {
        StaticMembership membership = new StaticMembership(membership(true, "delivery-0",
                Map.of("delivery-fanout", new MembershipProperties.Listener(null, null, Duration.ofSeconds(60)))),
                Map.of(), "delivery-service");
        try {
            ConcurrentMessageListenerContainer<Object, Object> fanout = container("delivery-fanout", new Properties());
            ConcurrentMessageListenerContainer<Object, Object> other = container("other", new Properties());
            membership.configure(fanout);
            membership.configure(other);

            Properties p = fanout.getContainerProperties().getKafkaConsumerProperties();
            assertThat(p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("delivery-0");
            assertThat(p.getProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("6000");
            assertThat(p.getProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo("1500");
            assertThat(p.getProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo("60000");
            assertThat(other.getContainerProperties().getKafkaConsumerProperties()
                    .getProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo("300000");
        } finally {
            membership.stop();
        }
    }

    @Test
    void shouldLetAListenersOwnPropertiesWin() {
        StaticMembership membership = new StaticMembership(membership(true, "sync-1", Map.of()), Map.of(), "sync-service");
        try {
            Properties own = new Properties();
            own.setProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "1234");
            own.setProperty("max.poll.records", "1000");
            ConcurrentMessageListenerContainer<Object, Object> container = container("sync-catalog", own);
            membership.configure(container);

            Properties p = container.getContainerProperties().getKafkaConsumerProperties();
            assertThat(p.getProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo("1234");
            assertThat(p.getProperty("max.poll.records")).isEqualTo("1000");
            assertThat(p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("sync-1");
        } finally {
            membership.stop();
        }
    }

    @Test
    void shouldJoinAsADynamicMemberWhenStaticMembershipIsOff() {
        StaticMembership membership = new StaticMembership(membership(false, "x", Map.of()), Map.of(), "svc");
        ConcurrentMessageListenerContainer<Object, Object> container = container("l", new Properties());
        membership.configure(container);

        assertThat(membership.instanceId()).isNull();
        assertThat(container.getContainerProperties().getKafkaConsumerProperties()
                .getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isNull();
    }

    @Test
    void shouldDefaultTheIdentityToHostAndServiceAndKeepItUniqueWithinOneJvm() {
        assertThat(StaticMembership.identity("  pod-7 ", "sync-service")).isEqualTo("pod-7");
        assertThat(StaticMembership.identity("", "sync-service")).endsWith("-sync-service").hasSizeGreaterThan(13);

        StaticMembership first = new StaticMembership(membership(true, "same", Map.of()), Map.of(), "svc");
        StaticMembership second = new StaticMembership(membership(true, "same", Map.of()), Map.of(), "svc");
        try {
            assertThat(first.instanceId()).isEqualTo("same");
            assertThat(second.instanceId()).isEqualTo("same-2");
        } finally {
            first.stop();
            second.stop();
        }
    }
}
