package io.tillsync.sync.inbound;

import java.time.Instant;
import java.util.UUID;

/** The audit row of one inbound webhook, as handlers see it; {@code id} is intake's receipt id. */
public record AuditEntry(UUID id, String tenant, String provider, String connectionId, String eventType,
        String externalEventId, Instant receivedAt, String correlationId) {
}
