package io.tillsync.sync.catalog;

import io.tillsync.avro.PlatformEvent;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes {@link PlatformEvent}s to {@code platform.events} (key = tenant:subject) and completes once the broker
 * has acknowledged every one of them (idempotent producer, acks=all).
 */
@Component
public class PlatformEventPublisher {

    private final KafkaTemplate<String, PlatformEvent> template;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PlatformEventPublisher(ProducerFactory<Object, Object> producerFactory) {
        this.template = new KafkaTemplate<>((ProducerFactory) producerFactory);
    }

    public Mono<Void> publish(List<PlatformEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            CompletableFuture<?>[] sent = new CompletableFuture<?>[events.size()];
            for (int i = 0; i < events.size(); i++) {
                PlatformEvent e = events.get(i);
                ProducerRecord<String, PlatformEvent> record = new ProducerRecord<>(Topics.PLATFORM_EVENTS.name(),
                        e.getTenant() + ":" + e.getSubject(), e);
                if (e.getCorrelationId() != null) {
                    Correlation.put(record.headers(), e.getCorrelationId());
                }
                sent[i] = template.send(record);
            }
            return Mono.fromFuture(CompletableFuture.allOf(sent));
        }).then();
    }
}
