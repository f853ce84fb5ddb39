package io.tillsync.kit.health;

import io.tillsync.kit.kafka.SubjectCompatibility;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code schemaRegistry} (part of readiness): up once the registry has answered at start-up and every
 * subject carries its compatibility rule ({@link SubjectCompatibility}); until then the service produces nothing it
 * could register unchecked. Once up it stays up: a registry outage later shows as failed sends, not as a replica to
 * take out of rotation (every replica would be taken out together).
 */
public class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final SubjectCompatibility compatibility;

    public SchemaRegistryHealthIndicator(SubjectCompatibility compatibility) {
        this.compatibility = compatibility;
    }

    @Override
    public Health health() {
        return compatibility.applied()
                ? Health.up().withDetail("subjects", SubjectCompatibility.subjects().size()).build()
                : Health.down().withDetail("reason", "subjects' compatibility not set yet: registry unreachable").build();
    }
}
