package io.tillsync.delivery.store;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.UUID;

/** One stored message ({@code delivery.message}). */
public record MessageRow(UUID id, String tenant, String eventId, String eventType, Instant occurredAt, String payload,
        Instant createdAt) {

    static MessageRow from(Row row) {
        return new MessageRow(row.get("id", UUID.class), row.get("tenant", String.class),
                row.get("event_id", String.class), row.get("event_type", String.class),
                row.get("occurred_at", Instant.class), row.get("payload", String.class),
                row.get("created_at", Instant.class));
    }
}
