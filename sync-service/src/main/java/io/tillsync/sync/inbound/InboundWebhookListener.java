package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.kafka.BatchRecords;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code webhooks.inbound} in batches (listener id {@code sync-inbound}) and hands each batch to the
 * {@link InboundProcessor}; offsets are committed by the container only after the batch's effects are durable.
 * Failure policy: the service kit's — a record that failed transiently is retried from its position with
 * exponential backoff (earlier records of the batch are committed), then sent to {@code webhooks.inbound.dlt};
 * a record that cannot be deserialized goes to the DLT at once.
 */
@Component
public class InboundWebhookListener {

    private final InboundProcessor processor;
    private final InboundProperties properties;

    public InboundWebhookListener(InboundProcessor processor, InboundProperties properties) {
        this.processor = processor;
        this.properties = properties;
    }

    @KafkaListener(id = "sync-inbound", topics = "#{T(io.tillsync.schemas.Topics).WEBHOOKS_INBOUND.name()}",
            batch = "true", concurrency = "${tillsync.sync.inbound.concurrency:2}")
    public void onWebhooks(List<ConsumerRecord<String, InboundWebhook>> records) {
        Optional<BatchRecords.Unreadable> unreadable = BatchRecords.firstUnreadable(records);
        List<InboundWebhook> webhooks = BatchRecords.readableValues(records);
        InboundProcessor.BatchResult result;
        try {
            result = processor.process(webhooks).block(properties.batchTimeout());
        } catch (RuntimeException e) {
            // publishing or the database failed for the whole batch: retry it from its first record
            throw new BatchListenerFailedException("webhook batch could not be processed", e, 0);
        }
        if (result != null && result.failedIndex() >= 0) {
            throw new BatchListenerFailedException("webhook could not be processed yet", result.failure(),
                    result.failedIndex());
        }
        if (unreadable.isPresent()) {
            throw unreadable.get().failure();
        }
    }
}
