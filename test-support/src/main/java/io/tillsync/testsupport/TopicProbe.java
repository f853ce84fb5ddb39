package io.tillsync.testsupport;

import io.tillsync.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.awaitility.Awaitility;

/**
 * Produces to and reads from a {@link Topic} on the shared stack with the topic's own serdes, so no test repeats
 * serde setup. Reading always starts from the beginning of the topic in a fresh consumer group.
 */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static <V extends SpecificRecord> RecordMetadata send(Topic<String, V> topic, String key, V value, Map<String, String> headers) {
        TestStack stack = TestStack.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde(stack.registryUrl()).serializer())) {
            ProducerRecord<String, V> record = new ProducerRecord<>(topic.name(), key, value);
            headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes())));
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic.name(), e);
        }
    }

    public static <V extends SpecificRecord> RecordMetadata send(Topic<String, V> topic, String key, V value) {
        return send(topic, key, value, Map.of());
    }

    /** Waits until records matching the filter number at least {@code count}, and returns all matching records. */
    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> await(Topic<String, V> topic, int count,
            Duration timeout, java.util.function.Predicate<ConsumerRecord<String, V>> filter) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            consumer.subscribe(List.of(topic.name()));
            Awaitility.await("records on " + topic.name()).atMost(timeout).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        seen.add(r);
                    }
                });
                return seen.size() >= count;
            });
        }
        return seen;
    }

    /** Every record on the topic when called that matches the filter (reads every partition to its end offset). */
    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic,
            java.util.function.Predicate<ConsumerRecord<String, V>> filter) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read up to the end offsets of now: every record acknowledged before the call is seen, however slow
            // the broker answers
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic.name() + " to its end offsets " + end + " in 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (filter.test(r)) {
                        seen.add(r);
                    }
                });
            }
        }
        return seen;
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
        TestStack stack = TestStack.start();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde(stack.registryUrl()).deserializer());
    }
}
