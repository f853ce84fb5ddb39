package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit trail in {@code sync.webhook_audit}. {@link #beginAll} records receipts and says whether each is new, a
 * redelivery of a receipt already recorded (Kafka at-least-once), or a provider's replay of an event already seen
 * (same tenant and external event id), which is stored as its own {@code duplicate} row pointing at the original.
 *
 * <p>A polled batch is recorded with two statements, whatever its size: {@link #beginAll} inserts every receipt
 * with one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING} and {@link #finishAll} stores every
 * outcome with one {@code UPDATE ... FROM unnest(...)}. Per-row statements cost a commit (a WAL flush) each, which
 * capped the inbound side at about a thousand webhooks a second on a 2-core machine. Only receipts that did not
 * insert (redeliveries, replays) take extra statements.
 */
@Repository
public class WebhookAuditStore {

    private final DatabaseClient db;

    public WebhookAuditStore(DatabaseClient db) {
        this.db = db;
    }

    /** What {@link #beginAll} found for a receipt. */
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

    private static final String INSERT_ALL = """
            INSERT INTO webhook_audit (id, tenant, provider, connection_id, event_type, external_event_id, payload,
                signature_header, correlation_id, received_at, status)
            SELECT CAST(t.id AS uuid), t.tenant, t.provider, t.connection_id, t.event_type, t.ext, t.payload,
                   t.signature, t.correlation, timestamptz 'epoch' + t.received_ms * interval '1 millisecond', 'received'
            FROM unnest(CAST(:id AS text[]), CAST(:tenant AS text[]), CAST(:provider AS text[]),
                        CAST(:connection AS text[]), CAST(:type AS text[]), CAST(:ext AS text[]),
                        CAST(:payload AS text[]), CAST(:signature AS text[]), CAST(:correlation AS text[]),
                        CAST(:receivedMs AS bigint[]))
                 AS t(id, tenant, provider, connection_id, event_type, ext, payload, signature, correlation, received_ms)
            ON CONFLICT DO NOTHING
            RETURNING id""";

    /**
     * Records a batch of receipts and says, in the batch's order, what each one is: one insert for all receipts; a
     * receipt that did not insert is a redelivery (RETRY or DONE by its stored status, one query for all of them) or
     * a replay (DUPLICATE, recorded one by one; a replay of an event earlier in the same batch points at that one).
     */
    public Mono<List<Begun>> beginAll(List<InboundWebhook> webhooks, List<String> signatureHeaders, Instant now) {
        int n = webhooks.size();
        List<AuditEntry> entries = webhooks.stream().map(WebhookAuditStore::entry).toList();
        String[] id = new String[n];
        String[] tenant = new String[n];
        String[] provider = new String[n];
        String[] connection = new String[n];
        String[] type = new String[n];
        String[] ext = new String[n];
        String[] payload = new String[n];
        String[] signature = new String[n];
        String[] correlation = new String[n];
        Long[] receivedMs = new Long[n];
        for (int i = 0; i < n; i++) {
            AuditEntry e = entries.get(i);
            id[i] = e.id().toString();
            tenant[i] = e.tenant();
            provider[i] = e.provider();
            connection[i] = e.connectionId();
            type[i] = e.eventType();
            ext[i] = e.externalEventId();
            payload[i] = payload(webhooks.get(i).getBody());
            signature[i] = signatureHeaders.get(i);
            correlation[i] = e.correlationId();
            receivedMs[i] = e.receivedAt().toEpochMilli();
        }
        return db.sql(INSERT_ALL).bind("id", id).bind("tenant", tenant).bind("provider", provider)
                .bind("connection", connection).bind("type", type).bind("ext", ext).bind("payload", payload)
                .bind("signature", signature).bind("correlation", correlation).bind("receivedMs", receivedMs)
                .map(row -> row.get("id", UUID.class)).all().collect(Collectors.toCollection(HashSet::new))
                .flatMap(inserted -> inserted.size() == n
                        ? Mono.just(entries.stream().map(e -> new Begun(e, Start.NEW)).toList())
                        : notAllInserted(webhooks, entries, inserted, signatureHeaders, now));
    }

    private Mono<List<Begun>> notAllInserted(List<InboundWebhook> webhooks, List<AuditEntry> entries,
            Set<UUID> inserted, List<String> signatureHeaders, Instant now) {
        Set<UUID> seen = new HashSet<>();
        String[] others = entries.stream().filter(e -> !inserted.contains(e.id())).map(e -> e.id().toString())
                .toArray(String[]::new);
        return db.sql("SELECT id, status FROM webhook_audit WHERE id = ANY(CAST(CAST(:ids AS text[]) AS uuid[]))")
                .bind("ids", others).map(row -> Map.entry(row.get("id", UUID.class), row.get("status", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(stored -> Flux.range(0, entries.size()).concatMap(i -> {
                    AuditEntry e = entries.get(i);
                    if (!seen.add(e.id())) {
                        return Mono.just(new Begun(e, Start.DONE)); // the same receipt twice: its first one acts
                    }
                    if (inserted.contains(e.id())) {
                        return Mono.just(new Begun(e, Start.NEW));
                    }
                    String status = stored.get(e.id());
                    if (status != null) {
                        return Mono.just(new Begun(e, AuditStatus.of(status).pending() ? Start.RETRY : Start.DONE));
                    }
                    return duplicate(e, webhooks.get(i), signatureHeaders.get(i), now);
                }).collectList());
    }

    /** Final state of one receipt. */
    public record Finish(UUID id, AuditStatus status, String error, int changes) {
    }

    /** Stores the final state (processed, ignored or failed, with the catalog changes published) of receipts. */
    public Mono<Void> finishAll(List<Finish> finishes, Instant processedAt) {
        if (finishes.isEmpty()) {
            return Mono.empty();
        }
        int n = finishes.size();
        String[] id = new String[n];
        String[] status = new String[n];
        String[] error = new String[n];
        Integer[] changes = new Integer[n];
        for (int i = 0; i < n; i++) {
            Finish f = finishes.get(i);
            id[i] = f.id().toString();
            status[i] = f.status().db();
            error[i] = f.error();
            changes[i] = f.changes();
        }
        return db.sql("""
                UPDATE webhook_audit a SET status = t.status, error = t.error, changes_published = t.changes,
                    processed_at = :processedAt, attempts = a.attempts + 1
                FROM unnest(CAST(:id AS text[]), CAST(:status AS text[]), CAST(:error AS text[]),
                            CAST(:changes AS int[])) AS t(id, status, error, changes)
                WHERE a.id = CAST(t.id AS uuid)""")
                .bind("id", id).bind("status", status).bind("error", error).bind("changes", changes)
                .bind("processedAt", processedAt).then();
    }

    private static AuditEntry entry(InboundWebhook w) {
        return new AuditEntry(UUID.fromString(w.getId()), w.getTenant(), w.getProvider(), w.getConnectionId(),
                w.getEventType(), w.getExternalEventId(), w.getReceivedAt(), w.getCorrelationId());
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
                .flatMap(original -> insertDuplicate(entry, w, signatureHeader, original, now))
                .thenReturn(new Begun(entry, Start.DUPLICATE));
    }

    /** The row of a replay: status {@code duplicate}, pointing at the original, finished at once. */
    private Mono<UUID> insertDuplicate(AuditEntry e, InboundWebhook w, String signatureHeader, UUID original,
            Instant now) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO webhook_audit (id, tenant, provider, connection_id, event_type, external_event_id, payload,
                    signature_header, correlation_id, received_at, status, duplicate_of, processed_at)
                VALUES (:id, :tenant, :provider, :connection, :type, :ext, :payload, :signature, :correlation,
                    :received, 'duplicate', :duplicateOf, :processedAt)
                ON CONFLICT DO NOTHING
                RETURNING id""")
                .bind("id", e.id()).bind("tenant", e.tenant()).bind("provider", e.provider())
                .bind("connection", e.connectionId()).bind("type", e.eventType()).bind("payload", payload(w.getBody()))
                .bind("received", e.receivedAt()).bind("ext", e.externalEventId()).bind("duplicateOf", original)
                .bind("processedAt", now);
        spec = bind(spec, "signature", signatureHeader, String.class);
        spec = bind(spec, "correlation", e.correlationId(), String.class);
        return spec.map(row -> row.get("id", UUID.class)).one();
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
