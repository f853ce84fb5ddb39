package io.tillsync.sync.orders;

import io.tillsync.avro.OrderEvent;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes {@code order.injected} to {@code platform.events} once an order exists in Revel. The event id is derived
 * from tenant and TripleSeat event, so a repeated publication is recognisable downstream as the same event.
 */
@Component
public class OrderInjectedPublisher {

    static final String TYPE = "order.injected";

    private final TopicPublisher<PlatformEvent> platformEvents;

    public OrderInjectedPublisher(TopicPublishers publishers) {
        this.platformEvents = publishers.forTopic(Topics.PLATFORM_EVENTS);
    }

    public Mono<Void> publish(String tenant, String connectionId, InjectionOutcome outcome, String correlationId,
            Instant at) {
        String eventId = "evt_" + UUID.nameUUIDFromBytes((TYPE + ":" + tenant + ":" + outcome.eventId())
                .getBytes(StandardCharsets.UTF_8));
        PlatformEvent event = PlatformEvent.newBuilder()
                .setEventId(eventId)
                .setTenant(tenant)
                .setType(TYPE)
                .setOccurredAt(at)
                .setSubject(outcome.revelOrderId())
                .setConnectionId(connectionId)
                .setCorrelationId(correlationId)
                .setData(OrderEvent.newBuilder()
                        .setSourceSystem("tripleseat").setSourceId(outcome.eventId())
                        .setTargetSystem("revel").setTargetOrderId(outcome.revelOrderId())
                        .setStatus(outcome.outcome().code())
                        .build())
                .build();
        // Continue off the producer's network thread: what follows (the next event of a bulk run) may send again.
        return platformEvents.send(tenant + ":" + outcome.revelOrderId(), event, correlationId)
                .publishOn(Schedulers.parallel());
    }
}
