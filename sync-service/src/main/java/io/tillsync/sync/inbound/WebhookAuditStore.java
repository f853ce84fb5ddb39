package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The audit trail in {@code sync.webhook_audit}. {@link #begin} records a receipt and says whether it is new, a
 * redelivery of a receipt already recorded (Kafka at-least-once), or a provider's replay of an event already seen
 * (same tenant and external event id), which is stored as its own {@code duplicate} row pointing at the original.
 */
@Repository
public class WebhookAuditStore {

    private final DatabaseClient db;

    public WebhookAuditStore(DatabaseClient db) {
        this.db = db;
    }

    /** What {@link #begin} found. */
    public enum Start {
        /** First time this receipt is seen: process it. */
        NEW,
        /** Seen before but not finished (crash or transient failure): process it again. */
        RETRY,
        /** Already finished (processed, ignored, failed or duplicate): nothing to do. */
        DONE,
        /** A replay of an event already recorded under another receipt: recorded as duplicate, no effect. */
        DUPLICATE
    }

    public record Begun(AuditEntry entry, Start start) {
    }

    public Mono<Begun> begin(InboundWebhook w, String signatureHeader, Instant now) {
        AuditEntry entry = new AuditEntry(UUID.fromString(w.getId()), w.getTenant(), w.getProvider(),
                w.getConnectionId(), w.getEventType(), w.getExternalEventId(), w.getReceivedAt(), w.getCorrelationId());
        return insert(entry, w, signatureHeader, null, null)
                .map(inserted -> new Begun(entry, Start.NEW))
                .switchIfEmpty(Mono.defer(() -> db.sql("SELECT status FROM webhook_audit WHERE id = :id")
                        .bind("id", entry.id()).map(row -> row.get("status", String.class)).one()
                        .map(status -> new Begun(entry, "received".equals(status) || "retrying".equals(status)
                                ? Start.RETRY : Start.DONE))
                        .switchIfEmpty(Mono.defer(() -> duplicate(entry, w, signatureHeader, now)))));
    }

    private Mono<Begun> duplicate(AuditEntry entry, InboundWebhook w, String signatureHeader, Instant now) {
        if (entry.externalEventId() == null) {
            return Mono.error(new IllegalStateException("audit insert of " + entry.id() + " conflicted without a key"));
        }
        return db.sql("SELECT id FROM webhook_audit WHERE tenant = :tenant AND external_event_id = :ext"
                        + " AND duplicate_of IS NULL")
                .bind("tenant", entry.tenant()).bind("ext", entry.externalEventId())
                .map(row -> row.get("id", UUID.class)).one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("original of duplicate " + entry.id()
                        + " vanished")))
                .flatMap(original -> insert(entry, w, signatureHeader, original, now))
                .thenReturn(new Begun(entry, Start.DUPLICATE));
    }

    private Mono<UUID> insert(AuditEntry e, InboundWebhook w, String signatureHeader, UUID duplicateOf, Instant now) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO webhook_audit (id, tenant, provider, connection_id, event_type, external_event_id, payload,
                    signature_header, correlation_id, received_at, status, duplicate_of, processed_at)
                VALUES (:id, :tenant, :provider, :connection, :type, :ext, :payload, :signature, :correlation,
                    :received, :status, :duplicateOf, :processedAt)
                ON CONFLICT DO NOTHING
                RETURNING id""")
                .bind("id", e.id()).bind("tenant", e.tenant()).bind("provider", e.provider())
                .bind("connection", e.connectionId()).bind("type", e.eventType()).bind("payload", payload(w.getBody()))
                .bind("received", e.receivedAt()).bind("status", duplicateOf == null ? "received" : "duplicate");
        spec = bind(spec, "ext", e.externalEventId(), String.class);
        spec = bind(spec, "signature", signatureHeader, String.class);
        spec = bind(spec, "correlation", e.correlationId(), String.class);
        spec = bind(spec, "duplicateOf", duplicateOf, UUID.class);
        spec = bind(spec, "processedAt", now, Instant.class);
        return spec.map(row -> row.get("id", UUID.class)).one();
    }

    /** Final state of a receipt: processed, ignored or failed, with the number of catalog changes published. */
    public Mono<Void> finish(UUID id, String status, String error, int changes, Instant processedAt) {
        return bind(db.sql("""
                UPDATE webhook_audit SET status = :status, error = :error, changes_published = :changes,
                    processed_at = :processedAt, attempts = attempts + 1
                WHERE id = :id""").bind("id", id).bind("status", status).bind("changes", changes)
                .bind("processedAt", processedAt), "error", error, String.class).then();
    }

    /** An attempt failed transiently: it will be retried (and finally dead-lettered). */
    public Mono<Void> retrying(UUID id, String error) {
        return db.sql("UPDATE webhook_audit SET status = 'retrying', error = :error, attempts = attempts + 1"
                        + " WHERE id = :id AND status IN ('received', 'retrying')")
                .bind("id", id).bind("error", error).then();
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static String payload(ByteBuffer body) {
        ByteBuffer copy = body.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        // Postgres text cannot hold NUL; anything else is kept as received.
        return new String(bytes, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
    }
}
