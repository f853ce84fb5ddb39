package io.tillsync.kit.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * What a batch listener needs about records it cannot read. spring-kafka's {@code ErrorHandlingDeserializer} hands
 * such a record over with a null value and the failure in a header; the listener handles the records around it and
 * then throws {@link Unreadable#failure()}, so the kit's error handler commits the records before it, sends it to the
 * dead-letter topic at once (a {@link DeserializationException} is not retried) and redelivers the rest.
 */
public final class BatchRecords {

    private static final LogAccessor LOG = new LogAccessor(BatchRecords.class);

    private BatchRecords() {
    }

    /** The first record of the batch without a value, or empty when every record was read. */
    public static Optional<Unreadable> firstUnreadable(List<? extends ConsumerRecord<?, ?>> records) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<?, ?> record = records.get(i);
            if (record.value() == null) {
                return Optional.of(new Unreadable(i, cause(record)));
            }
        }
        return Optional.empty();
    }

    /** The values of the records before the first unreadable one (all of them when every record was read). */
    public static <V> List<V> readableValues(List<? extends ConsumerRecord<?, V>> records) {
        List<V> values = new ArrayList<>(records.size());
        for (ConsumerRecord<?, V> record : records) {
            if (record.value() == null) {
                break;
            }
            values.add(record.value());
        }
        return values;
    }

    /** Throws {@link Unreadable#failure()} for the first unreadable record of the batch, if there is one. */
    public static void throwIfUnreadable(List<? extends ConsumerRecord<?, ?>> records) {
        Optional<Unreadable> unreadable = firstUnreadable(records);
        if (unreadable.isPresent()) {
            throw unreadable.get().failure();
        }
    }

    // A null value without the header is a tombstone, which no Tillsync producer writes: it is as unreadable.
    private static DeserializationException cause(ConsumerRecord<?, ?> record) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return cause != null ? cause : new DeserializationException("record " + record.topic() + "-"
                + record.partition() + "@" + record.offset() + " has no value", null, false, null);
    }

    /**
     * An unreadable record of a batch.
     *
     * @param index its position in the batch
     * @param cause why it could not be read
     */
    public record Unreadable(int index, DeserializationException cause) {

        /** The exception a batch listener throws for this record. */
        public BatchListenerFailedException failure() {
            return new BatchListenerFailedException("record cannot be deserialized", cause, index);
        }
    }
}
