package io.tillsync.kit.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Counts the records a listener sent to a dead-letter topic: {@code tillsync.kafka.dead_letters{topic}} (Prometheus:
 * {@code tillsync_kafka_dead_letters_total}), one series per {@code <topic>.dlt} from start-up, so an alert sees the
 * first dead letter as an increase from zero. Counted only once the dead letter is written.
 */
public final class DeadLetterCounter {

    static final String METRIC = "tillsync.kafka.dead_letters";

    private final MeterRegistry registry;
    private final Map<String, Counter> byTopic = new ConcurrentHashMap<>();

    public DeadLetterCounter(MeterRegistry registry) {
        this.registry = registry;
        for (Topic<String, ?> topic : Topics.all()) {
            counter(topic.dlt());
        }
    }

    /** The recoverer, counting each record it has written to {@code <record's topic>.dlt}. */
    public ConsumerRecordRecoverer counting(ConsumerRecordRecoverer recoverer) {
        return (record, exception) -> {
            recoverer.accept(record, exception);
            counter(record.topic() + ".dlt").increment();
        };
    }

    private Counter counter(String deadLetterTopic) {
        return byTopic.computeIfAbsent(deadLetterTopic, t -> Counter.builder(METRIC)
                .description("Records sent to a dead-letter topic").tag("topic", t).register(registry));
    }
}
