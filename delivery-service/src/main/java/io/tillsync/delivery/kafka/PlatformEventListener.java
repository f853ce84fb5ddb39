package io.tillsync.delivery.kafka;

import io.tillsync.avro.PlatformEvent;
import io.tillsync.delivery.DeliveryWorker;
import io.tillsync.delivery.MessagePayload;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.NewMessage;
import io.tillsync.kit.kafka.BatchRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Fans each batch of {@code platform.events} out into messages and deliveries, stored in one statement before the
 * listener returns (the container commits the offsets after that). Redelivered events are no-ops thanks to the
 * message's unique (tenant, event id). A record that cannot be read goes to {@code platform.events.dlt} through the
 * kit's error handler; the records around it are stored.
 */
@Component
public class PlatformEventListener {

    private final DeliveryStore store;
    private final MessagePayload payloads;
    private final DeliveryWorker worker;

    public PlatformEventListener(DeliveryStore store, MessagePayload payloads, DeliveryWorker worker) {
        this.store = store;
        this.payloads = payloads;
        this.worker = worker;
    }

    @KafkaListener(id = "delivery-fanout", groupId = "${tillsync.delivery.consumer-group:delivery-service}",
            topics = "#{T(io.tillsync.schemas.Topics).PLATFORM_EVENTS.name()}", batch = "true")
    public void onEvents(List<ConsumerRecord<String, PlatformEvent>> records) {
        List<NewMessage> messages = new ArrayList<>(records.size());
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, PlatformEvent> record : records) {
            PlatformEvent event = record.value();
            if (event == null) {
                continue;
            }
            if (seen.add(event.getTenant() + "\u0000" + event.getEventId())) {
                messages.add(new NewMessage(UUID.randomUUID(), event.getTenant(), event.getEventId(), event.getType(),
                        event.getOccurredAt(), payloads.render(event), event.getCorrelationId(),
                        Instant.ofEpochMilli(record.timestamp())));
            }
        }
        Long created = store.fanOut(messages).block(Duration.ofSeconds(30));
        if (created != null && created > 0) {
            worker.wakeUp();
        }
        BatchRecords.throwIfUnreadable(records);
    }
}
