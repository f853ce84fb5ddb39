package io.tillsync.sync.inbound;

import io.tillsync.avro.CatalogChange;
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
 * Publishes normalized changes to {@code catalog.changes} with key {@code tenant:itemId} and the correlation id
 * header, in the order given (one producer, so order per item holds), completing when the broker acknowledged all.
 */
@Component
public class CatalogChangePublisher {

    private final KafkaTemplate<String, CatalogChange> template;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public CatalogChangePublisher(ProducerFactory<Object, Object> producerFactory) {
        this.template = new KafkaTemplate<>((ProducerFactory) producerFactory);
    }

    public static String key(CatalogChange change) {
        return change.getTenant() + ":" + change.getItemId();
    }

    public Mono<Void> publish(List<CatalogChange> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            CompletableFuture<?>[] sent = new CompletableFuture<?>[changes.size()];
            for (int i = 0; i < changes.size(); i++) {
                CatalogChange change = changes.get(i);
                ProducerRecord<String, CatalogChange> record =
                        new ProducerRecord<>(Topics.CATALOG_CHANGES.name(), key(change), change);
                Correlation.put(record.headers(), change.getCorrelationId());
                sent[i] = template.send(record);
            }
            return Mono.fromFuture(CompletableFuture.allOf(sent));
        }).then();
    }
}
