package io.tillsync.schemas;

import io.tillsync.schemas.serde.AvroSerdeConfig;
import io.tillsync.schemas.serde.ConfluentAvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic: its name, key serde, Avro value type and the broker settings it is created with. Services never
 * write a topic name as a string; they take a {@code Topic} from {@link Topics} and ask it for configured serializers,
 * its registry subjects and its topic configs.
 *
 * @param name       topic name
 * @param keySerde   key serde (keys are plain strings so any client can partition and join on them)
 * @param valueType  generated Avro class of the value
 * @param partitions default partition count used when a service creates the topic
 * @param retention  how long the broker keeps a record ({@code retention.ms}); the dead-letter twin keeps its records
 *                   for {@link #DLT_RETENTION} or this, whichever is longer
 */
public record Topic<K, V extends SpecificRecord>(String name, Serde<K> keySerde, Class<V> valueType, int partitions,
        Duration retention) {

    /** The broker's own default retention, for topics that declare none. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Dead letters wait for an operator: long enough to outlast a holiday, not only a weekend. */
    public static final Duration DLT_RETENTION = Duration.ofDays(30);

    /** A topic with the broker's default retention (tests' ad-hoc topics). */
    public Topic(String name, Serde<K> keySerde, Class<V> valueType, int partitions) {
        this(name, keySerde, valueType, partitions, DEFAULT_RETENTION);
    }

    /** Name of the dead-letter topic that listeners of this topic publish failed records to. */
    public String dlt() {
        return name + ".dlt";
    }

    /** The registry subjects of this topic's values and of its dead letters (TopicNameStrategy: {@code <topic>-value}). */
    public List<String> subjects() {
        return List.of(name + "-value", dlt() + "-value");
    }

    /**
     * The topic's broker configs for a cluster that keeps {@code replicationFactor} copies: records are deleted (never
     * compacted: every record is an event, not the latest state of a key) after {@link #retention()}, and a write is
     * acknowledged ({@code acks=all}) only once two replicas have it wherever there are two.
     */
    public Map<String, String> configs(short replicationFactor) {
        return configs(retention, replicationFactor);
    }

    /** The dead-letter twin's broker configs: as {@link #configs(short)}, kept at least {@link #DLT_RETENTION}. */
    public Map<String, String> dltConfigs(short replicationFactor) {
        return configs(retention.compareTo(DLT_RETENTION) > 0 ? retention : DLT_RETENTION, replicationFactor);
    }

    private static Map<String, String> configs(Duration retention, short replicationFactor) {
        return Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(retention.toMillis()),
                "min.insync.replicas", Integer.toString(Math.max(1, Math.min(2, (int) replicationFactor))));
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

    static <V extends SpecificRecord> Topic<String, V> of(String name, Class<V> valueType, int partitions, Duration retention) {
        return new Topic<>(name, Serdes.String(), valueType, partitions, retention);
    }
}
