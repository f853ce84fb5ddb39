package io.tillsync.delivery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A message, its body as sent, and (on the single-message route) its state per endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(String id, String eventId, String eventType, Instant occurredAt, Instant createdAt,
        JsonNode payload, List<DeliveryView> deliveries) {

    /** The state of the message towards one endpoint. */
    public record DeliveryView(String endpointId, String status, int attempts, Instant nextAttemptAt, String lastError) {
    }
}
