package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

class DeadLetterCounterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeadLetterCounter counter = new DeadLetterCounter(registry);
    private final ConsumerRecord<String, String> record = new ConsumerRecord<>("catalog.changes", 0, 7L, "k", "v");

    @Test
    void shouldStartEveryDeadLetterTopicsSeriesAtZero() {
        assertThat(count("webhooks.inbound.dlt")).isZero();
        assertThat(count("ops.alerts.dlt")).isZero();
    }

    @Test
    void shouldCountARecordOnceItsDeadLetterIsWritten() {
        counter.counting((r, e) -> { }).accept(record, new IllegalStateException("bad"));

        assertThat(count("catalog.changes.dlt")).isEqualTo(1);
    }

    @Test
    void shouldNotCountARecordTheRecovererRefused() {
        ConsumerRecordRecoverer refusing = (r, e) -> {
            throw new IllegalStateException("database unavailable; retried, not dead-lettered");
        };

        assertThatThrownBy(() -> counter.counting(refusing).accept(record, new IllegalStateException("db")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(count("catalog.changes.dlt")).isZero();
    }

    private double count(String topic) {
        return registry.get("tillsync.kafka.dead_letters").tag("topic", topic).counter().count();
    }
}
