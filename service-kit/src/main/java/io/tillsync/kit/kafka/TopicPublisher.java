package io.tillsync.kit.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.tracing.Traces;
import io.tillsync.schemas.Topic;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the values of one {@link Topic} with the service's producer (idempotent, {@code acks=all}), each record
 * carrying the correlation id header and the {@code traceparent} of the work that sent it: the trace the caller
 * names, else the record being handled with the value's correlation id ({@link Traces#forCorrelation}), else the
 * current span; with none of them, a new trace of one send span. The header is written here rather than by a
 * spring-kafka observation per send, which cost a sixth of sync-service's CPU (bench/sync): the consumer's work
 * becomes a child of the sender's span. Every Mono completes only when the broker has acknowledged the record(s), and
 * fails when the producer gives up on one: {@code send()} blocked longer than {@code max.block.ms}, or no
 * acknowledgement within {@code delivery.timeout.ms}. The producer keeps that deadline, so no timer runs per send.
 *
 * <p>{@code send()} blocks while the producer has no metadata for the topic (the first sends, schema registration
 * included) or its buffer is full: until a send has been acknowledged, and again after one failed, the send runs on
 * {@code boundedElastic}, never on the caller's (maybe event-loop) thread. While records flow it runs on the caller's
 * thread, sparing each send a thread hand-off. Completion is signalled on the producer's I/O thread: a caller that
 * blocks or sends again from there must {@code publishOn} another scheduler first.
 *
 * <p>Built by {@link TopicPublishers}; all publishers of a service share one producer, so records sent in order
 * keep their order per key.
 *
 * @param <V> the topic's Avro value type
 */
public final class TopicPublisher<V extends SpecificRecord> {

    private final Topic<String, V> topic;
    private final KafkaTemplate<String, V> template;
    private final Traces traces;
    /** True while the last send was acknowledged: the producer has the topic's metadata and the broker keeps up. */
    private volatile boolean flowing;

    TopicPublisher(Topic<String, V> topic, KafkaTemplate<String, V> template, Traces traces) {
        this.topic = topic;
        this.template = template;
        this.traces = traces;
    }

    public Topic<String, V> topic() {
        return topic;
    }

    /** Sends one record; completes once the broker acknowledged it. A null correlation id sends no header. */
    public Mono<Void> send(String key, V value, String correlationId) {
        return sendForResult(key, value, correlationId).then();
    }

    /**
     * {@link #send} that emits the broker's acknowledgement (partition, offset) instead of only completing: the
     * shortest operator chain, for callers on a latency-critical path that map the acknowledgement to their answer.
     */
    public Mono<SendResult<String, V>> sendForResult(String key, V value, String correlationId) {
        return sendForResult(key, value, correlationId, null);
    }

    /** As the three-argument {@code sendForResult}, continuing the trace {@code trace} names (null: as there). */
    public Mono<SendResult<String, V>> sendForResult(String key, V value, String correlationId, TraceContext trace) {
        ProducerRecord<String, V> record = record(key, value, correlationId);
        Mono<SendResult<String, V>> sent = Mono.fromFuture(() -> send(record, trace, correlationId), true);
        if (!flowing) {
            sent = sent.subscribeOn(Schedulers.boundedElastic());
        }
        return sent.doOnEach(signal -> {
            if (signal.isOnNext()) {
                flowing = true;
            } else if (signal.isOnError()) {
                flowing = false;
            }
        });
    }

    /**
     * Sends the values in list order on the one producer (so order per key holds) and completes when the broker has
     * acknowledged all of them; fails when any was not. An empty list completes at once.
     *
     * @param key           the record key of a value
     * @param correlationId the correlation id of a value (null: no header)
     */
    public Mono<Void> sendAll(List<V> values, Function<? super V, String> key,
            Function<? super V, String> correlationId) {
        if (values.isEmpty()) {
            return Mono.empty();
        }
        Mono<Void> sent = Mono.defer(() -> {
            CompletableFuture<?>[] acks = new CompletableFuture<?>[values.size()];
            for (int i = 0; i < acks.length; i++) {
                V value = values.get(i);
                String id = correlationId.apply(value);
                acks[i] = send(record(key.apply(value), value, id), null, id);
            }
            return Mono.fromFuture(CompletableFuture.allOf(acks), true);
        });
        if (!flowing) {
            sent = sent.subscribeOn(Schedulers.boundedElastic());
        }
        return sent.doOnEach(signal -> {
            if (signal.isOnComplete()) {
                flowing = true;
            } else if (signal.isOnError()) {
                flowing = false;
            }
        });
    }

    private CompletableFuture<SendResult<String, V>> send(ProducerRecord<String, V> record, TraceContext trace,
            String correlationId) {
        TraceContext parent = trace != null ? trace : traces.forCorrelation(correlationId);
        if (parent == null) {
            parent = traces.current();
        }
        if (parent != null) {
            traces.inject(parent, record.headers());
            return template.send(record);
        }
        Span span = traces.producerSpan("send " + topic.name());
        traces.inject(span.context(), record.headers());
        try {
            return template.send(record);
        } finally {
            span.end();
        }
    }

    private ProducerRecord<String, V> record(String key, V value, String correlationId) {
        ProducerRecord<String, V> record = new ProducerRecord<>(topic.name(), key, value);
        if (correlationId != null) {
            Correlation.put(record.headers(), correlationId);
        }
        return record;
    }
}
