package io.tillsync.delivery.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One row of {@code delivery.endpoint}; secrets stay encrypted (SecretBox) in this record. {@code headers} are the
 * extra request headers the tenant set, {@code timeoutSeconds} and {@code rateLimitPerSecond} null when not set;
 * {@code operational} marks the tenant's operational endpoint (receives endpoint and exhausted-message events only).
 */
public record EndpointRow(UUID id, String tenant, String name, String url, String description, List<String> eventTypes,
        String status, String disabledReason, String secretEnc, String previousSecretEnc,
        Instant previousSecretExpiresAt, int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt,
        Instant createdAt, Instant updatedAt, Instant disabledAt, Map<String, String> headers, Integer timeoutSeconds,
        Integer rateLimitPerSecond, boolean operational) {

    public static final String ACTIVE = "ACTIVE";
    public static final String DISABLED = "DISABLED";

    static final String COLUMNS = "id, tenant, name, url, description, event_types, status, disabled_reason, "
            + "secret_enc, previous_secret_enc, previous_secret_expires_at, consecutive_failures, last_success_at, "
            + "last_failure_at, created_at, updated_at, disabled_at, headers::text AS headers_json, timeout_seconds, "
            + "rate_limit_per_second, operational";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    static EndpointRow from(Row row) {
        String[] types = row.get("event_types", String[].class);
        return new EndpointRow(row.get("id", UUID.class), row.get("tenant", String.class), row.get("name", String.class),
                row.get("url", String.class), row.get("description", String.class),
                types == null ? List.of() : List.of(types), row.get("status", String.class),
                row.get("disabled_reason", String.class), row.get("secret_enc", String.class),
                row.get("previous_secret_enc", String.class), row.get("previous_secret_expires_at", Instant.class),
                row.get("consecutive_failures", Integer.class), row.get("last_success_at", Instant.class),
                row.get("last_failure_at", Instant.class), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class), row.get("disabled_at", Instant.class),
                headers(row.get("headers_json", String.class)), row.get("timeout_seconds", Integer.class),
                row.get("rate_limit_per_second", Integer.class),
                Boolean.TRUE.equals(row.get("operational", Boolean.class)));
    }

    /** Reads the stored headers object ({@code {}} when none). */
    public static Map<String, String> headers(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Map.copyOf(JSON.readValue(json, HEADERS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("endpoint headers column is not a JSON object of strings", e);
        }
    }

    static String headersJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers == null ? Map.of() : headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
