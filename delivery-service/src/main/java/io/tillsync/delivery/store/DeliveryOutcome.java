package io.tillsync.delivery.store;

import java.util.UUID;

/** A delivery whose state an attempt result moved, as stored, and the trigger of that attempt. */
public record DeliveryOutcome(UUID deliveryId, UUID messageId, UUID endpointId, String tenant, String eventType,
        DeliveryStatus status, int attempts, String trigger) {
}
