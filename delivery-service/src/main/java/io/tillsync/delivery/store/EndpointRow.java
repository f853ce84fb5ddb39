package io.tillsync.delivery.store;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code delivery.endpoint}; secrets stay encrypted (SecretBox) in this record. */
public record EndpointRow(UUID id, String tenant, String name, String url, String description, List<String> eventTypes,
        String status, String disabledReason, String secretEnc, String previousSecretEnc,
        Instant previousSecretExpiresAt, int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt,
        Instant createdAt, Instant updatedAt) {

    public static final String ACTIVE = "ACTIVE";
    public static final String DISABLED = "DISABLED";

    static EndpointRow from(Row row) {
        String[] types = row.get("event_types", String[].class);
        return new EndpointRow(row.get("id", UUID.class), row.get("tenant", String.class), row.get("name", String.class),
                row.get("url", String.class), row.get("description", String.class),
                types == null ? List.of() : List.of(types), row.get("status", String.class),
                row.get("disabled_reason", String.class), row.get("secret_enc", String.class),
                row.get("previous_secret_enc", String.class), row.get("previous_secret_expires_at", Instant.class),
                row.get("consecutive_failures", Integer.class), row.get("last_success_at", Instant.class),
                row.get("last_failure_at", Instant.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
