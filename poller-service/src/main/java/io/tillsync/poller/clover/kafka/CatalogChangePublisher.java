package io.tillsync.poller.clover.kafka;

import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a page's changes to {@code catalog.changes} exactly as sync-service's webhook path does (key
 * {@code tenant:itemId}, correlation id header, in the order given so order per item holds) and returns only when
 * the broker acknowledged every record (idempotent producer, acks=all): the poll state moves after that, never before.
 */
@Component
public class CatalogChangePublisher {

    private final KafkaTemplate<String, CatalogChange> template;

    public CatalogChangePublisher(KafkaTemplate<String, CatalogChange> template) {
        this.template = template;
    }

    public static String key(CatalogChange change) {
        return change.getTenant() + ":" + change.getItemId();
    }

    /** Sends and waits for the acknowledgements; throws when any record was not acknowledged in time. */
    public void publish(List<CatalogChange> changes, Duration timeout) {
        if (changes.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sent = new CompletableFuture<?>[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            CatalogChange change = changes.get(i);
            ProducerRecord<String, CatalogChange> record =
                    new ProducerRecord<>(Topics.CATALOG_CHANGES.name(), key(change), change);
            Correlation.put(record.headers(), change.getCorrelationId());
            sent[i] = template.send(record);
        }
        try {
            CompletableFuture.allOf(sent).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for catalog.changes acknowledgements", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("catalog.changes did not take the page: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("catalog.changes did not acknowledge the page within " + timeout, e);
        }
    }
}
