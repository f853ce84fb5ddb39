package io.tillsync.delivery.store;

import io.r2dbc.spi.Row;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A due delivery leased to this worker, with what sending it needs (body, target, encrypted secrets, the endpoint's
 * extra headers, timeout and rate limit, null when not set) and the endpoint's failure streak, which sets how many
 * sends it may have in flight, and the message's {@code traceparent} (null: none).
 */
public record ClaimedDelivery(UUID id, UUID messageId, UUID endpointId, String tenant, String eventType, int attempts,
        int failures, String trigger, String payload, Instant onTopicAt, String url, String secretEnc,
        String previousSecretEnc, Instant previousSecretExpiresAt, int endpointFailures, String traceparent,
        Map<String, String> headers, Integer timeoutSeconds, Integer rateLimitPerSecond) {

    static ClaimedDelivery from(Row row) {
        return new ClaimedDelivery(row.get("id", UUID.class), row.get("message_id", UUID.class),
                row.get("endpoint_id", UUID.class), row.get("tenant", String.class), row.get("event_type", String.class),
                row.get("attempts", Integer.class), row.get("failures", Integer.class),
                row.get("next_trigger", String.class), row.get("payload", String.class),
                row.get("on_topic_at", Instant.class), row.get("url", String.class), row.get("secret_enc", String.class),
                row.get("previous_secret_enc", String.class), row.get("previous_secret_expires_at", Instant.class),
                row.get("consecutive_failures", Integer.class), row.get("traceparent", String.class),
                EndpointRow.headers(row.get("headers_json", String.class)), row.get("timeout_seconds", Integer.class),
                row.get("rate_limit_per_second", Integer.class));
    }
}
