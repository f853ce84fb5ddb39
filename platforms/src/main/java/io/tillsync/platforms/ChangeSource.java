package io.tillsync.platforms;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InboundWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Who a batch of normalized {@link CatalogChange}s belongs to and how their ids are made. A change id is a
 * name-based UUID of {@code idPrefix | item | discriminator}: the same source event (or the same polled item
 * version) read twice gives the same ids, so consumers deduplicate. {@code discriminator} tells apart several changes
 * one event makes to the same item ("upsert:...", "availability:...").
 *
 * @param idPrefix for a webhook its event key ({@code tenant|ext:<provider id>} or {@code tenant|rcpt:<receipt id>}),
 *                 for a poll {@code tenant|poll:<connection id>}
 */
public record ChangeSource(String tenant, String connectionId, String provider, ChangeOrigin origin,
        String sourceEventId, String correlationId, String idPrefix) {

    /** Changes made from a verified webhook: its provider event id when it has one, else intake's receipt id. */
    public static ChangeSource webhook(InboundWebhook w) {
        String external = w.getExternalEventId();
        String key = w.getTenant() + "|" + (external != null ? "ext:" + external : "rcpt:" + w.getId());
        return new ChangeSource(w.getTenant(), w.getConnectionId(), w.getProvider(), ChangeOrigin.WEBHOOK, external,
                w.getCorrelationId(), key);
    }

    /** Changes read by a poll of one connection. */
    public static ChangeSource poll(String tenant, String connectionId, Provider provider, String correlationId) {
        return new ChangeSource(tenant, connectionId, provider.id(), ChangeOrigin.POLL, null, correlationId,
                tenant + "|poll:" + connectionId);
    }

    /** The normalized record for one item. */
    public CatalogChange change(String itemId, Instant sourceTime, String discriminator, Object change) {
        String changeId = UUID.nameUUIDFromBytes((idPrefix + "|" + itemId + "|" + discriminator)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CatalogChange.newBuilder().setChangeId(changeId).setTenant(tenant).setConnectionId(connectionId)
                .setProvider(provider).setItemId(itemId).setSourceTime(sourceTime).setOrigin(origin)
                .setSourceEventId(sourceEventId).setCorrelationId(correlationId).setChange(change).build();
    }
}
