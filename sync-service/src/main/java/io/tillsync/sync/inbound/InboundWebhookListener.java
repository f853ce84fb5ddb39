package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
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
 * Consumes {@code webhooks.inbound} in batches (listener id {@code sync-inbound}) and hands each batch to the
 * {@link InboundProcessor}; offsets are committed by the container only after the batch's effects are durable.
 * Failure policy: the service kit's — a record that failed transiently is retried from its position with
 * exponential backoff (earlier records of the batch are committed), then sent to {@code webhooks.inbound.dlt};
 * a record that cannot be deserialized goes to the DLT at once.
 */
@Component
public class InboundWebhookListener {

    private static final LogAccessor LOG = new LogAccessor(InboundWebhookListener.class);

    private final InboundProcessor processor;
    private final InboundProperties properties;

    public InboundWebhookListener(InboundProcessor processor, InboundProperties properties) {
        this.processor = processor;
        this.properties = properties;
    }

    @KafkaListener(id = "sync-inbound", topics = "#{T(io.tillsync.schemas.Topics).WEBHOOKS_INBOUND.name()}",
            batch = "true", concurrency = "${tillsync.sync.inbound.concurrency:2}")
    public void onWebhooks(List<ConsumerRecord<String, InboundWebhook>> records) {
        List<InboundWebhook> webhooks = new ArrayList<>(records.size());
        int undeserializable = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                undeserializable = i;
                break;
            }
            webhooks.add(records.get(i).value());
        }
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
        if (undeserializable >= 0) {
            ConsumerRecord<String, InboundWebhook> bad = records.get(undeserializable);
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(bad,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            throw new BatchListenerFailedException("record cannot be deserialized", cause, undeserializable);
        }
    }
}
