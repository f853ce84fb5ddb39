package io.tillsync.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.InboundWebhook;
import java.time.Instant;
import java.util.Map;

/**
 * One verified webhook as a provider's catalog mapper reads it: its parsed body, the event type intake recorded,
 * the headers intake kept (lower-case names), when it was received, the connection's platform account (restaurant,
 * merchant) and where its changes go ({@link ChangeSource}).
 */
public record WebhookEvent(ChangeSource source, String eventType, JsonNode body, Map<String, String> headers,
        Instant receivedAt, String account) {

    public static WebhookEvent of(InboundWebhook w, JsonNode body, String account) {
        return new WebhookEvent(ChangeSource.webhook(w), w.getEventType(), body, w.getHeaders(), w.getReceivedAt(),
                account);
    }

    /** A kept header (lower-case name), or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
