package io.tillsync.sync.catalog;

import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.kafka.BatchRecords;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code catalog.changes} (from webhooks and from poller-service alike) in batches, listener id
 * {@code sync-catalog}, and hands each batch to the {@link CatalogApplier}; the container commits the offsets only
 * after the listener returns, i.e. after the rows are committed and the platform events acknowledged.
 * Failure policy: the service kit's — a failed batch is retried from its first record with exponential backoff, then
 * that record goes to {@code catalog.changes.dlt}; a record that cannot be deserialized goes to the DLT at once
 * (the records before it are applied and committed first).
 */
@Component
public class CatalogChangeListener {

    private final CatalogApplier applier;
    private final CatalogProperties properties;

    public CatalogChangeListener(CatalogApplier applier, CatalogProperties properties) {
        this.applier = applier;
        this.properties = properties;
    }

    @KafkaListener(id = "sync-catalog", topics = "#{T(io.tillsync.schemas.Topics).CATALOG_CHANGES.name()}",
            batch = "true", concurrency = "${tillsync.sync.catalog.concurrency:2}",
            properties = "max.poll.records=${tillsync.sync.catalog.max-poll-records:1000}")
    public void onChanges(List<ConsumerRecord<String, CatalogChange>> records) {
        Optional<BatchRecords.Unreadable> unreadable = BatchRecords.firstUnreadable(records);
        List<CatalogChange> changes = BatchRecords.readableValues(records);
        try {
            applier.apply(changes).block(properties.batchTimeout());
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("catalog batch could not be applied", e, 0);
        }
        if (unreadable.isPresent()) {
            throw unreadable.get().failure();
        }
    }
}
