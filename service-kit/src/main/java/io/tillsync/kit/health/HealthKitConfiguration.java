package io.tillsync.kit.health;

import io.tillsync.kit.kafka.KafkaKitConfiguration;
import io.tillsync.kit.kafka.SubjectCompatibility;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health components every service shares: {@code kafka} and {@code schemaRegistry}, which with Boot's own
 * {@code r2dbc} make up the readiness group ({@code management.endpoint.health.group.readiness.include} in
 * service-kit's defaults). Liveness holds only the application's own state: a broker or database outage makes a
 * replica not ready (no traffic), never dead (a restart would not bring the broker back).
 */
@AutoConfiguration(after = KafkaKitConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class HealthKitConfiguration {

    @Bean("kafka")
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafka")
    public KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    @Bean("schemaRegistry")
    @ConditionalOnBean(SubjectCompatibility.class)
    @ConditionalOnMissingBean(name = "schemaRegistry")
    public SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(SubjectCompatibility compatibility) {
        return new SchemaRegistryHealthIndicator(compatibility);
    }
}
