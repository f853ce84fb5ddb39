package io.tillsync.intake.kafka;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes verified webhooks to {@code webhooks.inbound} (key = connection id, so order is kept per connection) with
 * the Boot {@link KafkaTemplate}: idempotent, {@code acks=all}. The returned Mono completes only when the broker has
 * acknowledged the record, and fails if that does not happen within {@code timeout}.
 */
@Component
public class InboundWebhookPublisher {

    private final KafkaTemplate<String, InboundWebhook> template;

    public InboundWebhookPublisher(KafkaTemplate<String, InboundWebhook> template) {
        this.template = template;
    }

    public Mono<Void> publish(InboundWebhook webhook, Duration timeout) {
        ProducerRecord<String, InboundWebhook> record =
                new ProducerRecord<>(Topics.WEBHOOKS_INBOUND.name(), webhook.getConnectionId(), webhook);
        Correlation.put(record.headers(), webhook.getCorrelationId());
        // send() may block (metadata, a full buffer, the first schema registration): never on the event loop.
        return Mono.fromFuture(() -> template.send(record), true)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .then();
    }
}
