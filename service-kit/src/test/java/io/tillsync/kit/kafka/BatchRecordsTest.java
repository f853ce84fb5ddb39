package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class BatchRecordsTest {

    @Test
    void shouldFindTheFirstRecordTheDeserializerFailedOnWithItsException() {
        List<ConsumerRecord<String, String>> batch = List.of(record(0, "a"), unreadable(1, "bad one"), record(2, "c"),
                unreadable(3, "bad two"));

        BatchRecords.Unreadable unreadable = BatchRecords.firstUnreadable(batch).orElseThrow();

        assertThat(unreadable.index()).isEqualTo(1);
        assertThat(unreadable.cause().getCause()).hasMessage("bad one");
        assertThat(unreadable.cause().getData()).containsExactly(1);
        assertThat(BatchRecords.readableValues(batch)).containsExactly("a");
    }

    @Test
    void shouldThrowTheBatchFailureAtTheUnreadableRecordsIndex() {
        List<ConsumerRecord<String, String>> batch = List.of(record(0, "a"), record(1, "b"), unreadable(2, "bad"));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> BatchRecords.throwIfUnreadable(batch));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure.getCause()).isInstanceOf(DeserializationException.class);
    }

    @Test
    void shouldFindNothingWhenEveryRecordWasRead() {
        List<ConsumerRecord<String, String>> batch = List.of(record(0, "a"), record(1, "b"));

        assertThat(BatchRecords.firstUnreadable(batch)).isEmpty();
        assertThat(BatchRecords.readableValues(batch)).containsExactly("a", "b");
        assertThatNoException().isThrownBy(() -> BatchRecords.throwIfUnreadable(batch));
    }

    @Test
    void shouldTreatARecordWithoutValueAsUnreadable() {
        List<ConsumerRecord<String, String>> batch = List.of(record(0, "a"), record(1, null));

        BatchRecords.Unreadable unreadable = BatchRecords.firstUnreadable(batch).orElseThrow();

        assertThat(unreadable.index()).isEqualTo(1);
        assertThat(unreadable.cause()).hasMessageContaining("t-0@1 has no value");
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("t", 0, offset, "k", value);
    }

    // what ErrorHandlingDeserializer hands a batch listener: no value, the failure in a header
    private static ConsumerRecord<String, String> unreadable(long offset, String reason) {
        ConsumerRecord<String, String> record = record(offset, null);
        SerializationUtils.deserializationException(record.headers(), new byte[] {1},
                new IllegalArgumentException(reason), false);
        return record;
    }
}
