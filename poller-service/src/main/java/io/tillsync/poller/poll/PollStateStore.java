package io.tillsync.poller.poll;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Per-connection poll state of the Toast, Square and Shopify pollers in {@code poller.poll_connection}, and what they
 * hold between polls in {@code poller.poll_item}. Claiming is one statement ({@code FOR UPDATE SKIP LOCKED} plus a
 * lease with an expiry on the database clock), so replicas never poll one connection at once and a crashed replica
 * blocks its connections only until the lease runs out. Every later write checks that this replica holds the lease.
 */
@Repository
public class PollStateStore {

    private static final String CLAIM = """
            WITH due AS (
                SELECT p.connection_id, c.account, c.api_token_enc, md5(c.api_token_enc) AS token_hash, c.api_base_url,
                       c.settings ->> 'poll_interval_seconds' AS interval_setting,
                       c.settings ->> 'location_id' AS location_setting
                FROM poller.poll_connection p
                JOIN sync.poller_connection c ON c.id = p.connection_id
                WHERE c.provider = ANY(CAST(:providers AS text[])) AND c.status = 'active'
                  AND c.api_token_enc IS NOT NULL
                  AND (p.requested_at IS NOT NULL
                       OR (p.next_poll_at <= clock_timestamp()
                           AND COALESCE(c.settings ->> 'polling_enabled', 'true') <> 'false'))
                  AND (p.lease_until IS NULL OR p.lease_until < clock_timestamp())
                  AND (p.token_status = 'valid' OR p.invalid_token_hash IS DISTINCT FROM md5(c.api_token_enc))
                  AND (CAST(:connection AS text) IS NULL OR p.connection_id = CAST(:connection AS text))
                ORDER BY p.requested_at NULLS LAST, p.next_poll_at
                LIMIT 1
                FOR UPDATE OF p SKIP LOCKED)
            UPDATE poller.poll_connection p SET
                lease_owner = :replica, lease_until = clock_timestamp() + make_interval(secs => :ttl),
                run_started_at = clock_timestamp()
            FROM due
            WHERE p.connection_id = due.connection_id
            RETURNING p.connection_id, p.tenant, p.provider, due.account, due.api_token_enc, due.token_hash,
                      due.api_base_url, due.interval_setting, due.location_setting, p.last_sync_time, p.cursor,
                      p.poll_count, p.last_cleanup_time, p.rewind_to, p.requested_at, p.requested_correlation_id,
                      p.run_started_at""";

    /** What a finished poll (completed or failed) leaves: lease cleared, next poll scheduled. */
    private static final String FINISH = """
                next_poll_at = CASE WHEN requested_at > :runStart THEN clock_timestamp()
                                    ELSE clock_timestamp() + make_interval(secs => :interval) END,
                requested_at = CASE WHEN requested_at > :runStart THEN requested_at END,
                requested_correlation_id = CASE WHEN requested_at > :runStart THEN requested_correlation_id END,
                lease_owner = NULL, lease_until = NULL, run_started_at = NULL, last_polled_at = clock_timestamp()
            WHERE connection_id = :connection AND lease_owner = :replica""";

    private final DatabaseClient db;

    public PollStateStore(DatabaseClient db) {
        this.db = db;
    }

    /** Adds a state row for every connection of these providers that has none yet (first poll due at once). */
    public Mono<Long> discover(Collection<String> providers) {
        return db.sql("""
                INSERT INTO poller.poll_connection (connection_id, tenant, provider)
                SELECT c.id, c.tenant, c.provider FROM sync.poller_connection c
                WHERE c.provider = ANY(CAST(:providers AS text[]))
                  AND NOT EXISTS (SELECT 1 FROM poller.poll_connection p WHERE p.connection_id = c.id)
                ON CONFLICT (connection_id) DO NOTHING""")
                .bind("providers", providers.toArray(String[]::new)).fetch().rowsUpdated();
    }

    /** Claims the most urgent due connection of these providers (manual requests first), or the given one if due. */
    public Mono<PolledConnection> claim(String replica, Duration leaseTtl, Collection<String> providers,
            String connectionId) {
        GenericExecuteSpec spec = db.sql(CLAIM).bind("replica", replica).bind("ttl", seconds(leaseTtl))
                .bind("providers", providers.toArray(String[]::new));
        spec = connectionId == null ? spec.bindNull("connection", String.class) : spec.bind("connection", connectionId);
        return spec.map(row -> new PolledConnection(row.get("connection_id", String.class),
                row.get("tenant", String.class), row.get("provider", String.class), row.get("account", String.class),
                row.get("api_token_enc", String.class), row.get("token_hash", String.class),
                row.get("api_base_url", String.class), row.get("interval_setting", String.class),
                row.get("location_setting", String.class), instant(row, "last_sync_time"),
                row.get("cursor", String.class), row.get("poll_count", Long.class), instant(row, "last_cleanup_time"),
                instant(row, "rewind_to"), instant(row, "requested_at"), row.get("requested_correlation_id", String.class),
                instant(row, "run_started_at"))).one();
    }

    /** Renews the lease (after a page); {@link LeaseLostException} when it is no longer ours. */
    public void renew(PolledConnection c, String replica, Duration leaseTtl) {
        Long updated = db.sql("""
                UPDATE poller.poll_connection SET lease_until = clock_timestamp() + make_interval(secs => :ttl)
                WHERE connection_id = :connection AND lease_owner = :replica""")
                .bind("ttl", seconds(leaseTtl)).bind("connection", c.connectionId()).bind("replica", replica)
                .fetch().rowsUpdated().block();
        if (updated == null || updated != 1) {
            throw new LeaseLostException(c.connectionId());
        }
    }

    /** Everything held for the connection of one kind, by id. */
    public Map<String, HeldItem> held(String connectionId, String kind) {
        return db.sql("""
                SELECT kind, item_id, parent, state, quantity, deleted FROM poller.poll_item
                WHERE connection_id = :connection AND kind = :kind""")
                .bind("connection", connectionId).bind("kind", kind)
                .map(row -> new HeldItem(row.get("kind", String.class), row.get("item_id", String.class),
                        row.get("parent", String.class), row.get("state", String.class),
                        row.get("quantity", BigDecimal.class), Boolean.TRUE.equals(row.get("deleted", Boolean.class))))
                .all().collect(HashMap<String, HeldItem>::new, (map, h) -> map.put(h.itemId(), h))
                .blockOptional().orElseGet(HashMap::new);
    }

    /** Inserts or replaces held rows. */
    public void hold(String connectionId, List<HeldItem> items) {
        if (items.isEmpty()) {
            return;
        }
        int n = items.size();
        String[] kinds = new String[n];
        String[] ids = new String[n];
        String[] parents = new String[n];
        String[] states = new String[n];
        BigDecimal[] quantities = new BigDecimal[n];
        Boolean[] deleted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            HeldItem h = items.get(i);
            kinds[i] = h.kind();
            ids[i] = h.itemId();
            parents[i] = h.parent();
            states[i] = h.state();
            quantities[i] = h.quantity();
            deleted[i] = h.deleted();
        }
        db.sql("""
                INSERT INTO poller.poll_item (connection_id, kind, item_id, parent, state, quantity, deleted)
                SELECT :connection, t.kind, t.item_id, t.parent, t.state, t.quantity, t.deleted
                FROM unnest(CAST(:kinds AS text[]), CAST(:ids AS text[]), CAST(:parents AS text[]),
                            CAST(:states AS text[]), CAST(:quantities AS numeric[]), CAST(:deleted AS boolean[]))
                     AS t(kind, item_id, parent, state, quantity, deleted)
                ON CONFLICT (connection_id, kind, item_id) DO UPDATE SET parent = excluded.parent,
                    state = excluded.state, quantity = excluded.quantity, deleted = excluded.deleted""")
                .bind("connection", connectionId).bind("kinds", kinds).bind("ids", ids).bind("parents", parents)
                .bind("states", states).bind("quantities", quantities).bind("deleted", deleted)
                .then().block();
    }

    /**
     * The poll completed: {@code last_sync_time} moves to the poll's start, the cursor is stored, the token is known
     * good. False when the lease is gone.
     */
    public boolean complete(PolledConnection c, String replica, String cursor, boolean cleaned, Duration interval) {
        Long n = db.sql("""
                UPDATE poller.poll_connection SET
                    last_sync_time = :runStart, cursor = :cursor, poll_count = poll_count + 1,
                    last_cleanup_time = CASE WHEN :cleaned THEN :runStart ELSE last_cleanup_time END,
                    rewind_to = CASE WHEN requested_at > :runStart THEN rewind_to END,
                    token_status = 'valid', invalid_token_hash = NULL, consecutive_failures = 0, last_error = NULL,
                """ + FINISH)
                .bind("runStart", c.runStartedAt()).bind("cleaned", cleaned).bind("interval", seconds(interval))
                .bind("connection", c.connectionId()).bind("replica", replica)
                .bind("cursor", cursor == null ? "" : cursor)
                .fetch().rowsUpdated().block();
        return n != null && n == 1;
    }

    /** The platform refused the token: no more polls until the connection gets another one. */
    public void tokenInvalid(PolledConnection c, String replica, String error, Duration interval) {
        db.sql("""
                UPDATE poller.poll_connection SET token_status = 'invalid', invalid_token_hash = :hash,
                    last_error = :error,
                """ + FINISH)
                .bind("hash", c.tokenHash()).bind("error", error).bind("runStart", c.runStartedAt())
                .bind("interval", seconds(interval)).bind("connection", c.connectionId()).bind("replica", replica)
                .then().block();
    }

    /** The poll failed; state stays where it was, the next poll comes after the interval. Answers the streak. */
    public int failed(PolledConnection c, String replica, String error, Duration interval) {
        return db.sql("""
                UPDATE poller.poll_connection SET consecutive_failures = consecutive_failures + 1, last_error = :error,
                """ + FINISH + " RETURNING consecutive_failures")
                .bind("error", error).bind("runStart", c.runStartedAt()).bind("interval", seconds(interval))
                .bind("connection", c.connectionId()).bind("replica", replica)
                .map(row -> row.get("consecutive_failures", Integer.class)).one().blockOptional().orElse(0);
    }

    /** Gives a claimed connection back untouched (shutdown), due again at once. */
    public void release(PolledConnection c, String replica) {
        db.sql("""
                UPDATE poller.poll_connection SET lease_owner = NULL, lease_until = NULL, run_started_at = NULL
                WHERE connection_id = :connection AND lease_owner = :replica""")
                .bind("connection", c.connectionId()).bind("replica", replica).then().block();
    }

    /**
     * A manual sync: marks the tenant's connections of these providers (or one connection) due now, reading at
     * least from {@code rewindTo} when given. Answers the connection ids marked.
     */
    public Mono<List<String>> requestNow(String tenant, String connectionId, Collection<String> providers,
            Instant rewindTo, String correlationId) {
        GenericExecuteSpec spec = db.sql("""
                UPDATE poller.poll_connection SET requested_at = clock_timestamp(),
                    requested_correlation_id = :correlation,
                    rewind_to = CASE WHEN CAST(:rewind AS timestamptz) IS NULL THEN rewind_to
                                     ELSE LEAST(COALESCE(rewind_to, CAST(:rewind AS timestamptz)), CAST(:rewind AS timestamptz)) END
                WHERE tenant = :tenant AND provider = ANY(CAST(:providers AS text[]))
                  AND (CAST(:connection AS text) IS NULL OR connection_id = CAST(:connection AS text))
                RETURNING connection_id""")
                .bind("tenant", tenant).bind("correlation", correlationId)
                .bind("providers", providers.toArray(String[]::new));
        spec = connectionId == null ? spec.bindNull("connection", String.class) : spec.bind("connection", connectionId);
        spec = rewindTo == null ? spec.bindNull("rewind", OffsetDateTime.class) : spec.bind("rewind", rewindTo);
        return spec.map(row -> row.get("connection_id", String.class)).all().collectList();
    }

    /** The stored state of one connection (operators, tests): column name to value. */
    public Mono<Map<String, Object>> state(String connectionId) {
        return db.sql("SELECT * FROM poller.poll_connection WHERE connection_id = :connection")
                .bind("connection", connectionId).fetch().one();
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
