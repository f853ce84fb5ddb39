package io.tillsync.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer for dead-letter topics: raw bytes (records that could not even be deserialized) pass through
 * unchanged, Avro records are written in the Confluent wire format under the DLT's own subject.
 */
public class DeadLetterSerializer implements Serializer<Object> {

    private final ConfluentAvroSerializer<GenericContainer> avro = new ConfluentAvroSerializer<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avro.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof GenericContainer record) {
            return avro.serialize(topic, record);
        }
        throw new SerializationException("Cannot dead-letter a " + data.getClass().getName() + " to " + topic);
    }
}
