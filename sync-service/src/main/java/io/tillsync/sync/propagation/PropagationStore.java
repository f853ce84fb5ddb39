package io.tillsync.sync.propagation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.db.Binds;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The propagation tables: target connections (read from {@code sync.connection}), the outbox
 * ({@code propagation_job}), the write ledger used to recognise echoes and the item links between connections.
 */
@Repository
public class PropagationStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatabaseClient db;

    public PropagationStore(DatabaseClient db) {
        this.db = db;
    }

    /** Active connections of these tenants on platforms with a writer. */
    public Flux<TargetConnection> targets(Collection<String> tenants, Collection<String> providers) {
        return db.sql("""
                        SELECT id, tenant, provider, propagate_creates, propagate_updates, propagate_deletes,
                               propagate_inventory
                        FROM connection
                        WHERE tenant = ANY(CAST(:tenants AS text[])) AND provider = ANY(CAST(:providers AS text[]))
                          AND status = 'active'""")
                .bind("tenants", tenants.toArray(String[]::new)).bind("providers", providers.toArray(String[]::new))
                .map(row -> new TargetConnection(row.get("id", String.class), row.get("tenant", String.class),
                        row.get("provider", String.class), bool(row.get("propagate_creates", Boolean.class)),
                        bool(row.get("propagate_updates", Boolean.class)), bool(row.get("propagate_deletes", Boolean.class)),
                        bool(row.get("propagate_inventory", Boolean.class))))
                .all();
    }

    /**
     * Marks the oldest unconsumed ledger entry matching this change as echoed by it and answers true; false when the
     * change is not the echo of a write of ours. A redelivered echo finds its own entry again.
     */
    public Mono<Boolean> consumeEcho(CatalogChange change, String contentHash, Instant since) {
        return db.sql("""
                        UPDATE propagation_ledger SET echoed_at = COALESCE(echoed_at, now()), echoed_change_id = :changeId
                        WHERE id = (
                            SELECT id FROM propagation_ledger
                            WHERE target_connection_id = :connection AND content_hash = :hash AND written_at > :since
                              AND (echoed_at IS NULL OR echoed_change_id = :changeId)
                              AND (target_item_id IS NULL OR target_item_id = :item OR target_alt_id = :item)
                            ORDER BY (echoed_change_id = :changeId) DESC NULLS LAST, written_at
                            LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .bind("changeId", change.getChangeId()).bind("connection", change.getConnectionId())
                .bind("hash", contentHash).bind("since", since).bind("item", change.getItemId())
                .map(row -> row.get("id", Long.class)).one().hasElement();
    }

    /**
     * Puts a change in the outbox for one target; a newer change of the same source item and kind replaces an
     * older one (pending or not), the same change again is a no-op.
     *
     * @param traceparent the change's trace (null: none), continued by the write
     */
    public Mono<Void> enqueue(CatalogChange change, PropagationKind kind, String targetConnectionId, String traceparent,
            Instant now) {
        return Binds.nullable(db.sql("""
                        INSERT INTO propagation_job AS j (id, tenant, target_connection_id, source_connection_id,
                            source_item_id, kind, change_id, source_time, payload, status, attempts, next_attempt_at,
                            traceparent)
                        VALUES (:id, :tenant, :target, :source, :item, :kind, :changeId, :sourceTime, :payload,
                            'pending', 0, :now, :traceparent)
                        ON CONFLICT (target_connection_id, source_connection_id, source_item_id, kind) DO UPDATE SET
                            change_id = excluded.change_id, source_time = excluded.source_time,
                            payload = excluded.payload, traceparent = excluded.traceparent, status = 'pending', attempts = 0,
                            next_attempt_at = excluded.next_attempt_at, last_error = NULL, updated_at = now()
                        WHERE excluded.change_id <> j.change_id
                          AND (excluded.source_time > j.source_time
                               OR (excluded.source_time = j.source_time AND excluded.change_id > j.change_id))""")
                .bind("id", UUID.randomUUID()).bind("tenant", change.getTenant()).bind("target", targetConnectionId)
                .bind("source", change.getConnectionId()).bind("item", change.getItemId()).bind("kind", kind.id())
                .bind("changeId", change.getChangeId()).bind("sourceTime", change.getSourceTime())
                .bind("payload", PropagationJob.encode(change)).bind("now", now), "traceparent", traceparent, String.class)
                .then();
    }

    /** Claims up to {@code limit} due jobs for {@code lease}; other workers skip them meanwhile. */
    public Flux<PropagationJob> claim(int limit, Instant now, Duration lease) {
        return db.sql("""
                        UPDATE propagation_job SET leased_until = :leaseEnd, attempts = attempts + 1, updated_at = now()
                        WHERE id IN (
                            SELECT id FROM propagation_job
                            WHERE status = 'pending' AND next_attempt_at <= :now
                              AND (leased_until IS NULL OR leased_until < :now)
                            ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, tenant, target_connection_id, source_connection_id, source_item_id, kind,
                                  change_id, payload, attempts, traceparent""")
                .bind("leaseEnd", now.plus(lease)).bind("now", now).bind("limit", limit)
                .map(row -> {
                    java.nio.ByteBuffer buffer = row.get("payload", java.nio.ByteBuffer.class);
                    byte[] payload = new byte[buffer.remaining()];
                    buffer.get(payload);
                    return new PropagationJob(row.get("id", UUID.class), row.get("tenant", String.class),
                            row.get("target_connection_id", String.class), row.get("source_connection_id", String.class),
                            row.get("source_item_id", String.class), PropagationKind.of(row.get("kind", String.class)),
                            row.get("change_id", String.class), payload, row.get("attempts", Integer.class),
                            row.get("traceparent", String.class));
                })
                .all();
    }

    /**
     * Extends the lease of jobs this worker is still processing (job id → attempts at the claim). A job that was
     * finished or rescheduled meanwhile (lease cleared) or claimed again by another worker (attempts moved on) keeps
     * what it has.
     */
    public Mono<Long> renew(Map<UUID, Integer> attemptsById, Instant now, Duration lease) {
        if (attemptsById.isEmpty()) {
            return Mono.just(0L);
        }
        List<Map.Entry<UUID, Integer>> leased = List.copyOf(attemptsById.entrySet());
        return db.sql("""
                        UPDATE propagation_job j SET leased_until = :leaseEnd
                        FROM unnest(:ids::uuid[], :attempts::int[]) AS x(id, attempts)
                        WHERE j.id = x.id AND j.attempts = x.attempts AND j.status = 'pending'
                          AND j.leased_until IS NOT NULL""")
                .bind("ids", leased.stream().map(e -> e.getKey().toString()).toArray(String[]::new))
                .bind("attempts", leased.stream().map(Map.Entry::getValue).toArray(Integer[]::new))
                .bind("leaseEnd", now.plus(lease)).fetch().rowsUpdated();
    }

    /** Ends a job (done, skipped or dead) unless a newer change replaced its payload meanwhile. */
    public Mono<Void> finish(PropagationJob job, String status, String error) {
        GenericExecuteSpec spec = db.sql("""
                        UPDATE propagation_job SET status = CASE WHEN change_id = :changeId THEN :status ELSE status END,
                            last_error = CASE WHEN change_id = :changeId THEN :error ELSE last_error END,
                            leased_until = NULL, updated_at = now()
                        WHERE id = :id""")
                .bind("id", job.id()).bind("changeId", job.changeId()).bind("status", status);
        return Binds.nullable(spec, "error", error, String.class).then();
    }

    /** Schedules another attempt of a job that failed transiently. */
    public Mono<Void> retryAt(PropagationJob job, Instant next, String error) {
        return db.sql("""
                        UPDATE propagation_job SET next_attempt_at = CASE WHEN change_id = :changeId THEN :next
                                                                          ELSE next_attempt_at END,
                            last_error = :error, leased_until = NULL, updated_at = now()
                        WHERE id = :id""")
                .bind("id", job.id()).bind("changeId", job.changeId()).bind("next", next).bind("error", error).then();
    }

    /** Records a write before it is made; answers the ledger entry's id. */
    public Mono<Long> recordWrite(String tenant, String targetConnectionId, String targetItemId, String targetAltId,
            String contentHash, String changeId, Instant now) {
        GenericExecuteSpec spec = db.sql("""
                        INSERT INTO propagation_ledger (tenant, target_connection_id, target_item_id, target_alt_id,
                            content_hash, change_id, written_at)
                        VALUES (:tenant, :target, :item, :alt, :hash, :changeId, :now) RETURNING id""")
                .bind("tenant", tenant).bind("target", targetConnectionId).bind("hash", contentHash)
                .bind("changeId", changeId).bind("now", now);
        spec = Binds.nullable(spec, "item", targetItemId, String.class);
        spec = Binds.nullable(spec, "alt", targetAltId, String.class);
        return spec.map(row -> row.get("id", Long.class)).one();
    }

    /** Fills in the id a create answered, so later echoes must name it. */
    public Mono<Void> completeWrite(long ledgerId, String targetItemId) {
        return db.sql("UPDATE propagation_ledger SET target_item_id = :item WHERE id = :id AND target_item_id IS NULL")
                .bind("item", targetItemId).bind("id", ledgerId).then();
    }

    /** The item on {@code targetConnectionId} linked to the source item, if any. */
    public Mono<ItemLink> linkedItem(String sourceConnectionId, String sourceItemId, String targetConnectionId) {
        return db.sql("""
                        SELECT t.external_id, t.attributes::text AS attributes
                        FROM item_link s JOIN item_link t ON t.link_id = s.link_id
                        WHERE s.connection_id = :source AND s.external_id = :item AND t.connection_id = :target""")
                .bind("source", sourceConnectionId).bind("item", sourceItemId).bind("target", targetConnectionId)
                .map(row -> new ItemLink(row.get("external_id", String.class), map(row.get("attributes", String.class))))
                .first();
    }

    /** Links two items as the same one (joining the source's link group, or starting one). */
    public Mono<Void> link(String tenant, String sourceConnectionId, String sourceItemId, String targetConnectionId,
            String targetItemId, Map<String, String> targetAttributes) {
        UUID fresh = UUID.randomUUID();
        return db.sql("""
                        INSERT INTO item_link (connection_id, external_id, tenant, link_id)
                        VALUES (:source, :item, :tenant, :fresh)
                        ON CONFLICT (connection_id, external_id) DO NOTHING""")
                .bind("source", sourceConnectionId).bind("item", sourceItemId).bind("tenant", tenant).bind("fresh", fresh)
                .then()
                .then(db.sql("""
                                INSERT INTO item_link (connection_id, external_id, tenant, link_id, attributes)
                                SELECT :target, :targetItem, :tenant, link_id, CAST(:attributes AS jsonb)
                                FROM item_link WHERE connection_id = :source AND external_id = :item
                                ON CONFLICT (connection_id, external_id) DO UPDATE SET
                                    link_id = excluded.link_id, attributes = item_link.attributes || excluded.attributes""")
                        .bind("target", targetConnectionId).bind("targetItem", targetItemId).bind("tenant", tenant)
                        .bind("attributes", json(targetAttributes)).bind("source", sourceConnectionId)
                        .bind("item", sourceItemId).then());
    }

    /** Merges attributes a later write answered (for example Square's new object version). */
    public Mono<Void> updateLinkAttributes(String connectionId, String externalId, Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE item_link SET attributes = attributes || CAST(:attributes AS jsonb)
                        WHERE connection_id = :connection AND external_id = :item""")
                .bind("attributes", json(attributes)).bind("connection", connectionId).bind("item", externalId).then();
    }

    /** Where and as whom to write to a connection; empty when it is gone or disabled. */
    public Mono<StoredTarget> writeTarget(String connectionId) {
        return db.sql("""
                        SELECT id, provider, api_base_url, api_token_enc, settings::text AS settings,
                               propagate_creates, propagate_updates
                        FROM connection WHERE id = :id AND status = 'active'""")
                .bind("id", connectionId)
                .map(row -> new StoredTarget(row.get("id", String.class), row.get("provider", String.class),
                        row.get("api_base_url", String.class), row.get("api_token_enc", String.class),
                        row.get("settings", String.class), bool(row.get("propagate_creates", Boolean.class)),
                        bool(row.get("propagate_updates", Boolean.class))))
                .one();
    }

    /** A connection's write location as stored; the token still encrypted. */
    public record StoredTarget(String id, String provider, String apiBaseUrl, String apiTokenEnc, String settingsJson,
            boolean propagateCreates, boolean propagateUpdates) {

        @Override
        public String toString() {
            return "StoredTarget[" + id + ", " + provider + "]";
        }
    }

    /** A JSON object of strings as a map (non-string values as their text). */
    public static Map<String, String> map(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> raw = JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
            Map<String, String> out = new java.util.HashMap<>();
            raw.forEach((k, v) -> {
                if (v != null && !(v instanceof Map) && !(v instanceof java.util.List)) {
                    out.put(k, v.toString());
                }
            });
            return out;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean bool(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
