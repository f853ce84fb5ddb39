package io.tillsync.poller.poll;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The status of manual syncs per request and connection ({@code poller.manual_sync}), for every POS provider:
 * {@code queued} when the request is recorded, {@code running} when a poll that serves it starts, {@code done} (items
 * seen, changes published) or {@code failed} (reason) when it ends. A poll serves every open request of its
 * connection recorded before the poll started; one recorded later waits for the next poll (which the request's
 * {@code requested_at} makes due at once). sync-service reads this table to answer
 * {@code GET /api/clients/{slug}/sync-availability/{requestId}}.
 */
@Repository
public class ManualSyncStore {

    private final DatabaseClient db;

    public ManualSyncStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records a request for the tenant's active connections of these providers (or one connection): {@code queued},
     * or at once {@code failed} when the connection cannot be polled (no API token, or the token was refused and has
     * not changed). Answers the connection ids recorded as queued.
     */
    public Mono<List<String>> record(String requestId, String tenant, String connectionId, Collection<String> providers) {
        var spec = db.sql("""
                INSERT INTO poller.manual_sync (request_id, connection_id, tenant, provider, status, reason)
                SELECT :request, c.id, c.tenant, c.provider,
                       CASE WHEN c.api_token_enc IS NULL OR refused.connection_id IS NOT NULL THEN 'failed'
                            ELSE 'queued' END,
                       CASE WHEN c.api_token_enc IS NULL THEN 'the connection has no API token'
                            WHEN refused.connection_id IS NOT NULL
                            THEN 'token_invalid: the platform refused the API token; give the connection a new one' END
                FROM sync.poller_connection c
                LEFT JOIN (SELECT connection_id, invalid_token_hash FROM poller.poll_connection
                           WHERE token_status = 'invalid'
                           UNION ALL
                           SELECT connection_id, invalid_token_hash FROM poller.clover_merchant
                           WHERE token_status = 'invalid') refused
                       ON refused.connection_id = c.id AND refused.invalid_token_hash = md5(c.api_token_enc)
                WHERE c.tenant = :tenant AND c.status = 'active' AND c.provider = ANY(CAST(:providers AS text[]))
                  AND (CAST(:connection AS text) IS NULL OR c.id = CAST(:connection AS text))
                ON CONFLICT (request_id, connection_id) DO NOTHING
                RETURNING connection_id, status""")
                .bind("request", requestId).bind("tenant", tenant).bind("providers", providers.toArray(String[]::new));
        spec = connectionId == null ? spec.bindNull("connection", String.class) : spec.bind("connection", connectionId);
        return spec.map(row -> "queued".equals(row.get("status", String.class)) ? row.get("connection_id", String.class)
                : "").all().filter(id -> !id.isEmpty()).collectList();
    }

    /** A poll of the connection that started at {@code runStart} serves its open requests: running. */
    public void running(String connectionId, Instant runStart) {
        db.sql("""
                UPDATE poller.manual_sync SET status = 'running', updated_at = clock_timestamp()
                WHERE connection_id = :connection AND status = 'queued' AND requested_at <= :runStart""")
                .bind("connection", connectionId).bind("runStart", runStart).then().block();
    }

    /** That poll completed. */
    public void done(String connectionId, Instant runStart, int itemsSeen, int changesPublished) {
        db.sql("""
                UPDATE poller.manual_sync SET status = 'done', items_seen = :items, changes_published = :changes,
                    reason = NULL, updated_at = clock_timestamp()
                WHERE connection_id = :connection AND status IN ('queued', 'running') AND requested_at <= :runStart""")
                .bind("connection", connectionId).bind("runStart", runStart).bind("items", itemsSeen)
                .bind("changes", changesPublished).then().block();
    }

    /** That poll failed; {@code reason} names the call or the cause, never a token or a body. */
    public void failed(String connectionId, Instant runStart, String reason) {
        db.sql("""
                UPDATE poller.manual_sync SET status = 'failed', reason = :reason, updated_at = clock_timestamp()
                WHERE connection_id = :connection AND status IN ('queued', 'running') AND requested_at <= :runStart""")
                .bind("connection", connectionId).bind("runStart", runStart).bind("reason", reason).then().block();
    }
}
