package io.tillsync.kit.ops;

import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the records of {@code <topic>.dlt} back onto {@code <topic>}, bytes unchanged (the Confluent wire format
 * names the schema by its global id, so consumers of the topic decode them as before). The exception headers that
 * spring-kafka added ({@code kafka_dlt-*}) are dropped; the rest (correlation id, provider headers) travel on.
 *
 * <p>Safe to repeat: progress is the committed offset of the consumer group {@code tillsync-dlt-replay.<topic>},
 * committed only after the broker acknowledged every replayed record (a crash mid-run replays some records twice,
 * which every Tillsync consumer tolerates because every effect is idempotent). A record that fails again simply
 * lands in the DLT again.
 */
public class DeadLetterReplay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    private final Map<String, Object> clientConfig;

    /** {@code clientConfig}: connection settings (bootstrap servers, security) shared by the consumer and producer. */
    public DeadLetterReplay(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** The result of one run: how many records were moved, and whether the DLT still holds more. */
    public record Result(String topic, String deadLetterTopic, int replayed, boolean more) {
    }

    /** The Tillsync topic of this name, if there is one (only those have a DLT this class may drain). */
    public static Optional<Topic<String, ?>> topic(String name) {
        return Topics.all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Replays at most {@code max} records of the topic's DLT; blocks until they are acknowledged. */
    public Result replay(Topic<String, ?> topic, int max) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic); KafkaProducer<byte[], byte[]> producer = producer()) {
            consumer.subscribe(List.of(topic.dlt()));
            int empty = 0;
            boolean more = false;
            while (empty < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (!consumer.assignment().isEmpty()) {
                        empty++;
                    }
                    continue;
                }
                empty = 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (batch.size() == max) {
                        more = true;
                        break;
                    }
                    batch.add(record);
                }
                if (more) {
                    break;
                }
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(topic.name(), record.key(), record.value());
                for (Header header : record.headers()) {
                    if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                        copy.headers().add(header);
                    }
                }
                sent.add(producer.send(copy));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
            commitThrough(consumer, batch);
            log.info("replayed {} record(s) from {} to {}{}", batch.size(), topic.dlt(), topic.name(), more ? " (more left)" : "");
            return new Result(topic.name(), topic.dlt(), batch.size(), more);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + topic.dlt(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the broker did not take the replayed records of " + topic.dlt()
                    + "; nothing was committed, run the replay again", e.getCause());
        }
    }

    private static void commitThrough(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            offsets.merge(new org.apache.kafka.common.TopicPartition(record.topic(), record.partition()),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(Topic<String, ?> topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tillsync-dlt-replay." + topic.name());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
