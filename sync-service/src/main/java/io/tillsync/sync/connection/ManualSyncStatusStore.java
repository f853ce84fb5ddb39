package io.tillsync.sync.connection;

import io.r2dbc.spi.R2dbcException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Manual syncs as sync-service sees them: the connections a request covers ({@code sync.manual_sync_request}, written
 * when the request is accepted) joined with poller-service's progress ({@code poller.manual_sync}, read-only here).
 * A connection the poller has not recorded yet is {@code queued}. Always scoped to the caller's tenant.
 */
@Repository
public class ManualSyncStatusStore {

    private static final Logger log = LoggerFactory.getLogger(ManualSyncStatusStore.class);
    /** Postgres: undefined_table (poller-service's schema not migrated yet in this database). */
    private static final String UNDEFINED_TABLE = "42P01";

    /** One connection of a manual sync and how far its poll got. */
    public record ConnectionStatus(String connectionId, String provider, String status, Integer itemsSeen,
            Integer changesPublished, String reason, Instant updatedAt) {
    }

    private final DatabaseClient db;

    public ManualSyncStatusStore(DatabaseClient db) {
        this.db = db;
    }

    /** Records which connections the accepted request covers. */
    public Mono<Void> record(String requestId, String tenant, List<Connection> connections) {
        return Flux.fromIterable(connections).concatMap(c -> db.sql("""
                INSERT INTO manual_sync_request (request_id, tenant, connection_id, provider)
                VALUES (:request, :tenant, :connection, :provider) ON CONFLICT DO NOTHING""")
                .bind("request", requestId).bind("tenant", tenant).bind("connection", c.id())
                .bind("provider", c.provider()).then()).then();
    }

    /** The request's connections with their status, oldest first; empty when the tenant has no such request. */
    public Mono<List<ConnectionStatus>> statuses(String tenant, String requestId) {
        return db.sql("""
                SELECT r.connection_id, r.provider, COALESCE(m.status, 'queued') AS status, m.items_seen,
                       m.changes_published, m.reason, COALESCE(m.updated_at, r.requested_at) AS updated_at
                FROM manual_sync_request r
                LEFT JOIN poller.manual_sync m ON m.request_id = r.request_id AND m.connection_id = r.connection_id
                WHERE r.request_id = :request AND r.tenant = :tenant
                ORDER BY r.connection_id""")
                .bind("request", requestId).bind("tenant", tenant)
                .map(row -> new ConnectionStatus(row.get("connection_id", String.class), row.get("provider", String.class),
                        row.get("status", String.class), row.get("items_seen", Integer.class),
                        row.get("changes_published", Integer.class), row.get("reason", String.class),
                        row.get("updated_at", OffsetDateTime.class).toInstant()))
                .all().collectList()
                .onErrorResume(ManualSyncStatusStore::undefinedTable,
                        e -> {
                            log.warn("poller.manual_sync does not exist (poller-service not migrated in this database); "
                                    + "manual sync {} is reported as queued", requestId);
                            return queuedOnly(tenant, requestId);
                        });
    }

    private Mono<List<ConnectionStatus>> queuedOnly(String tenant, String requestId) {
        return db.sql("""
                SELECT connection_id, provider, requested_at FROM manual_sync_request
                WHERE request_id = :request AND tenant = :tenant ORDER BY connection_id""")
                .bind("request", requestId).bind("tenant", tenant)
                .map(row -> new ConnectionStatus(row.get("connection_id", String.class), row.get("provider", String.class),
                        "queued", null, null, null, row.get("requested_at", OffsetDateTime.class).toInstant()))
                .all().collectList();
    }

    /** Spring wraps the driver's exception (BadSqlGrammarException): the SQL state is on the R2DBC cause. */
    private static boolean undefinedTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r) {
                return UNDEFINED_TABLE.equals(r.getSqlState());
            }
        }
        return false;
    }
}
