package io.tillsync.delivery.store;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.UUID;

/** One stored HTTP attempt ({@code delivery.message_attempt}). */
public record AttemptRow(UUID id, UUID deliveryId, UUID messageId, UUID endpointId, String eventType, int attemptNo,
        String trigger, String outcome, Integer responseStatus, String responseHeadersJson, String responseBody,
        String error, int durationMs, Instant createdAt) {

    static AttemptRow from(Row row) {
        Object headers = row.get("response_headers");
        return new AttemptRow(row.get("id", UUID.class), row.get("delivery_id", UUID.class),
                row.get("message_id", UUID.class), row.get("endpoint_id", UUID.class), row.get("event_type", String.class),
                row.get("attempt_no", Integer.class), row.get("trigger", String.class), row.get("outcome", String.class),
                row.get("response_status", Integer.class), headers == null ? null : headers.toString(),
                row.get("response_body", String.class), row.get("error", String.class),
                row.get("duration_ms", Integer.class), row.get("created_at", Instant.class));
    }
}
