package io.tillsync.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.platforms.json.PlatformJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test fixtures: verified webhooks as intake publishes them, as the mappers read them, and JSON documents. */
public final class Fixtures {

    public static final Instant RECEIVED = Instant.parse("2025-04-22T19:31:00Z");

    private Fixtures() {
    }

    public static WebhookEvent event(String provider, String eventType, String externalEventId, String body,
            Map<String, String> headers, String account) {
        InboundWebhook w = InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant("acme")
                .setConnectionId("con_1").setProvider(provider).setEventType(eventType)
                .setExternalEventId(externalEventId).setReceivedAt(RECEIVED).setHeaders(headers)
                .setContentType("application/json").setBody(ByteBuffer.wrap(utf8(body)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build();
        return WebhookEvent.of(w, PlatformJson.object(utf8(body), "test body"), account);
    }

    public static JsonNode json(String text) {
        return PlatformJson.any(utf8(text), "test document");
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
