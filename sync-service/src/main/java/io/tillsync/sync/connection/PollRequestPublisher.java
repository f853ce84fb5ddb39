package io.tillsync.sync.connection;

import io.tillsync.avro.PollRequest;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes {@link PollRequest}s to {@code poll.requests} (key = tenant) and completes once the broker has them. */
@Component
public class PollRequestPublisher {

    private final KafkaTemplate<String, PollRequest> template;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PollRequestPublisher(ProducerFactory<Object, Object> producerFactory) {
        this.template = new KafkaTemplate<>((ProducerFactory) producerFactory);
    }

    public Mono<Void> publish(PollRequest request) {
        ProducerRecord<String, PollRequest> record =
                new ProducerRecord<>(Topics.POLL_REQUESTS.name(), request.getTenant(), request);
        Correlation.put(record.headers(), request.getCorrelationId());
        return Mono.fromFuture(() -> template.send(record)).then();
    }
}
