package io.tillsync.sync.catalog;

import io.tillsync.avro.CatalogChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
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

    private static final LogAccessor LOG = new LogAccessor(CatalogChangeListener.class);

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
        List<CatalogChange> changes = new ArrayList<>(records.size());
        int undeserializable = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                undeserializable = i;
                break;
            }
            changes.add(records.get(i).value());
        }
        try {
            applier.apply(changes).block(properties.batchTimeout());
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("catalog batch could not be applied", e, 0);
        }
        if (undeserializable >= 0) {
            ConsumerRecord<String, CatalogChange> bad = records.get(undeserializable);
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(bad,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            throw new BatchListenerFailedException("record cannot be deserialized", cause, undeserializable);
        }
    }
}
