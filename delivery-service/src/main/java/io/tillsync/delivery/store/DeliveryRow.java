package io.tillsync.delivery.store;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.UUID;

/** The state of one message towards one endpoint ({@code delivery.delivery}). */
public record DeliveryRow(UUID id, UUID messageId, UUID endpointId, String status, int attempts, Instant nextAttemptAt,
        String lastError, Instant updatedAt) {

    static DeliveryRow from(Row row) {
        return new DeliveryRow(row.get("id", UUID.class), row.get("message_id", UUID.class),
                row.get("endpoint_id", UUID.class), row.get("status", String.class), row.get("attempts", Integer.class),
                row.get("next_attempt_at", Instant.class), row.get("last_error", String.class),
                row.get("updated_at", Instant.class));
    }
}
