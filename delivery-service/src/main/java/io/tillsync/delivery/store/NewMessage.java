package io.tillsync.delivery.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A platform event turned into the message to fan out: the JSON body is final, so every attempt signs it as is.
 *
 * @param traceparent the W3C trace context of the event's record (null: none), continued by every attempt
 */
public record NewMessage(UUID id, String tenant, String eventId, String eventType, Instant occurredAt, String payload,
        String correlationId, Instant onTopicAt, String traceparent) {
}
