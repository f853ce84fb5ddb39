package io.tillsync.schemas;

import io.tillsync.schemas.serde.AvroSerdeConfig;
import io.tillsync.schemas.serde.ConfluentAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic: its name, key serde and Avro value type. Services never write a topic name as a string;
 * they take a {@code Topic} from {@link Topics} and ask it for configured serializers.
 *
 * @param name       topic name
 * @param keySerde   key serde (keys are plain strings so any client can partition and join on them)
 * @param valueType  generated Avro class of the value
 * @param partitions default partition count used when a service creates the topic
 */
public record Topic<K, V extends SpecificRecord>(String name, Serde<K> keySerde, Class<V> valueType, int partitions) {

    /** Name of the dead-letter topic that listeners of this topic publish failed records to. */
    public String dlt() {
        return name + ".dlt";
    }

    /** A value serde configured with the given Confluent-style properties ({@code schema.registry.url}, ...). */
    public Serde<V> valueSerde(Map<String, ?> config) {
        ConfluentAvroSerde<V> serde = new ConfluentAvroSerde<>(valueType);
        serde.configure(config, false);
        return serde;
    }

    /** Shortcut for a value serde against one registry URL with this project's defaults. */
    public Serde<V> valueSerde(String registryUrl) {
        return valueSerde(AvroSerdeConfig.forRegistry(registryUrl));
    }

    static <V extends SpecificRecord> Topic<String, V> of(String name, Class<V> valueType, int partitions) {
        return new Topic<>(name, Serdes.String(), valueType, partitions);
    }
}
