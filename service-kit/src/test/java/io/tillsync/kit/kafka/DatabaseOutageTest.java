package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DatabaseOutageTest {

    private final ConsumerRecord<String, String> record = new ConsumerRecord<>("catalog.changes", 2, 42L, "k", "v");

    @Test
    void shouldRecogniseAnUnreachableDatabaseBehindListenerWrappers() {
        var refused = new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("[08003] Cannot connect to 127.0.0.1:5432"));
        assertThat(DatabaseOutage.isCause(new ListenerExecutionFailedException("listener failed", refused))).isTrue();
        assertThat(DatabaseOutage.isCause(new R2dbcNonTransientResourceException("57P01 terminating connection"))).isTrue();
    }

    @Test
    void shouldNotMistakeBadDataOrBugsForAnOutage() {
        assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("value too long"))).isFalse();
        assertThat(DatabaseOutage.isCause(new IllegalArgumentException("unknown provider"))).isFalse();
        assertThat(DatabaseOutage.isCause(new java.io.UncheckedIOException(new java.net.ConnectException("provider API down")))).isFalse();
    }

    @Test
    void shouldDeadLetterBadRecordsButRefuseRecordsThatFailedOnlyBecauseTheDatabaseWasDown() {
        List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
        var recoverer = DatabaseOutage.refusingDuringOutage((r, e) -> deadLettered.add(r));

        recoverer.accept(record, new IllegalArgumentException("poison"));
        assertThatThrownBy(() -> recoverer.accept(record, new DataAccessResourceFailureException("down")))
                .hasMessageContaining("catalog.changes-2@42 will be retried");

        assertThat(deadLettered).containsExactly(record);
    }
}
