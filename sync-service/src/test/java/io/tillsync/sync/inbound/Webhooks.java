package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.SyncRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test fixtures: verified webhooks as intake publishes them, and connections as the store returns them. */
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

    static Connection connection(String tenant, String provider, String account) {
        return new Connection("con_" + UUID.randomUUID(), tenant, provider, account, null, "active", true, false, null,
                null, null, "{}", SyncRules.defaults(), RECEIVED, RECEIVED);
    }

    static InboundEvent event(InboundWebhook w, Connection c) {
        return new InboundEvent(w, CatalogChanges.parse(bytes(w)), c, new ProviderApiTarget("http://fake.invalid", "tok"));
    }

    private static byte[] bytes(InboundWebhook w) {
        ByteBuffer copy = w.getBody().duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        return b;
    }
}
