package io.tillsync.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The defaults the issue asks for, as bound by Spring Boot, and the schedule as configuration. */
class DeliveryPropertiesTest {

    private static DeliveryProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("tillsync.delivery", DeliveryProperties.class);
    }

    @Test
    void shouldDefaultToTheDocumentedScheduleTimeoutsAndThresholds() {
        DeliveryProperties p = bind(Map.of());

        assertThat(p.retry().schedule()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));
        assertThat(p.retry().jitter()).isEqualTo(0.2);
        assertThat(p.http().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.http().totalTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.http().maxResponseBody()).isEqualTo(10_240);
        assertThat(p.health().alertAt()).containsExactly(3, 5, 10);
        assertThat(p.health().disableAt()).isEqualTo(10);
        assertThat(p.previousSecretTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(p.requireHttps()).isFalse();
        assertThat(p.allowPrivateTargets()).isFalse();
        // renewed while a send is in flight, so shorter than the HTTP timeout: a crash parks a delivery for 10 s at most
        assertThat(p.worker().lease()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldTakeTheScheduleFromConfiguration() {
        DeliveryProperties p = bind(Map.of("tillsync.delivery.retry.schedule", "10s,30s,2m",
                "tillsync.delivery.health.alert-at", "2,4", "tillsync.delivery.health.disable-at", "4"));

        assertThat(p.retry().schedule()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(2));
        assertThat(p.health().alertAt()).isEqualTo(List.of(2, 4));
        assertThat(p.health().disableAt()).isEqualTo(4);
    }
}
