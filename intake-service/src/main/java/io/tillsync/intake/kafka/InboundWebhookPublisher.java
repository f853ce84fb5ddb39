package io.tillsync.intake.kafka;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes verified webhooks to {@code webhooks.inbound} (key = connection id, so order is kept per connection) with
 * the Boot {@link KafkaTemplate}: idempotent, {@code acks=all}. The returned Mono completes only when the broker has
 * acknowledged the record, and fails when the producer gives up on it: {@code send()} blocked longer than the
 * producer's {@code max.block.ms}, or no acknowledgement within its {@code delivery.timeout.ms}. The producer keeps
 * that deadline for every record, so no timer of our own runs per request, and a failure means the producer no longer
 * retries the record.
 */
@Component
public class InboundWebhookPublisher {

    private final KafkaTemplate<String, InboundWebhook> template;
    /** True while the last publish was acknowledged: the producer has the topic's metadata and the broker keeps up. */
    private volatile boolean flowing;

    public InboundWebhookPublisher(KafkaTemplate<String, InboundWebhook> template) {
        this.template = template;
    }

    public Mono<SendResult<String, InboundWebhook>> publish(InboundWebhook webhook) {
        ProducerRecord<String, InboundWebhook> record =
                new ProducerRecord<>(Topics.WEBHOOKS_INBOUND.name(), webhook.getConnectionId(), webhook);
        Correlation.put(record.headers(), webhook.getCorrelationId());
        Mono<SendResult<String, InboundWebhook>> sent = Mono.fromFuture(() -> template.send(record), true);
        // send() blocks while the producer has no metadata for the topic (the first sends, schema registration
        // included) or its buffer is full (the broker has not taken records for a while): until a publish has been
        // acknowledged, and again after one failed, it runs on boundedElastic, never on the event loop. While records
        // flow it runs on the caller's thread, sparing each request a thread hand-off.
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
}
