package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test fixtures: verified webhooks as intake publishes them. */
final class Webhooks {

    static final Instant RECEIVED = Instant.parse("2025-04-22T19:31:00Z");

    private Webhooks() {
    }

    static InboundWebhook webhook(String tenant, String connectionId, String provider, String eventType,
            String externalEventId, String body, Map<String, String> headers) {
        return InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant(tenant)
                .setConnectionId(connectionId).setProvider(provider).setEventType(eventType)
                .setExternalEventId(externalEventId).setReceivedAt(RECEIVED).setHeaders(headers)
                .setContentType("application/json").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build();
    }
}
