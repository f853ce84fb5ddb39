package io.tillsync.poller.clover;

import io.r2dbc.spi.Readable;
import io.tillsync.platforms.clover.CloverItemMapper.MappedItem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Per-merchant Clover poll state in {@code poller.clover_merchant} and the published item ids in
 * {@code poller.clover_item}. Claiming is one statement ({@code FOR UPDATE SKIP LOCKED} plus a lease with an expiry
 * on the database clock), so several replicas never poll one merchant at once and a crashed replica blocks its
 * merchants only until the lease runs out. Every later write checks that this replica still holds the lease.
 */
@Repository
public class MerchantStore {

    private static final String CLAIM = """
            WITH due AS (
                SELECT m.connection_id, c.account, c.api_token_enc, md5(c.api_token_enc) AS token_hash, c.api_base_url,
                       c.settings ->> 'poll_interval_seconds' AS interval_setting
                FROM poller.clover_merchant m
                JOIN sync.poller_connection c ON c.id = m.connection_id
                WHERE c.provider = 'clover' AND c.status = 'active'
                  AND c.api_token_enc IS NOT NULL AND c.account IS NOT NULL
                  AND (m.requested_at IS NOT NULL
                       OR (m.next_poll_at <= clock_timestamp()
                           AND COALESCE(c.settings ->> 'polling_enabled', 'true') <> 'false'))
                  AND (m.lease_until IS NULL OR m.lease_until < clock_timestamp())
                  AND (m.token_status = 'valid' OR m.invalid_token_hash IS DISTINCT FROM md5(c.api_token_enc))
                  AND (CAST(:connection AS text) IS NULL OR m.connection_id = CAST(:connection AS text))
                ORDER BY m.requested_at NULLS LAST, m.next_poll_at
                LIMIT 1
                FOR UPDATE OF m SKIP LOCKED)
            UPDATE poller.clover_merchant m SET
                lease_owner = :replica, lease_until = clock_timestamp() + make_interval(secs => :ttl),
                run_started_at = clock_timestamp(), run_offset = 0, merchant_id = due.account
            FROM due
            WHERE m.connection_id = due.connection_id
            RETURNING m.connection_id, m.tenant, m.merchant_id, due.api_token_enc, due.token_hash, due.api_base_url,
                      due.interval_setting, m.last_sync_time, m.poll_count, m.last_cleanup_time, m.rewind_to,
                      m.requested_at, m.requested_correlation_id, m.run_started_at""";

    /** What a finished poll (completed or failed) leaves: lease and progress cleared, next poll scheduled. */
    private static final String FINISH = """
                next_poll_at = CASE WHEN requested_at > :runStart THEN clock_timestamp()
                                    ELSE clock_timestamp() + make_interval(secs => :interval) END,
                requested_at = CASE WHEN requested_at > :runStart THEN requested_at END,
                requested_correlation_id = CASE WHEN requested_at > :runStart THEN requested_correlation_id END,
                lease_owner = NULL, lease_until = NULL, run_started_at = NULL, run_offset = NULL,
                last_polled_at = clock_timestamp()
            WHERE connection_id = :connection AND lease_owner = :replica""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public MerchantStore(DatabaseClient db, ReactiveTransactionManager transactions) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
    }

    /** Adds a state row for every clover connection that has none yet (first poll due at once). */
    public Mono<Long> discover() {
        return db.sql("""
                INSERT INTO poller.clover_merchant (connection_id, tenant, merchant_id)
                SELECT c.id, c.tenant, c.account FROM sync.poller_connection c
                WHERE c.provider = 'clover' AND c.account IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM poller.clover_merchant m WHERE m.connection_id = c.id)
                ON CONFLICT (connection_id) DO NOTHING""").fetch().rowsUpdated();
    }

    /**
     * Claims the most urgent due merchant (manual requests first), or the given connection if it is due; empty when
     * nothing is due or every due merchant is held by another replica.
     */
    public Mono<ClaimedMerchant> claim(String replica, Duration leaseTtl, String connectionId) {
        GenericExecuteSpec spec = db.sql(CLAIM).bind("replica", replica).bind("ttl", seconds(leaseTtl));
        spec = connectionId == null ? spec.bindNull("connection", String.class) : spec.bind("connection", connectionId);
        return spec.map(row -> new ClaimedMerchant(row.get("connection_id", String.class), row.get("tenant", String.class),
                row.get("merchant_id", String.class), row.get("api_token_enc", String.class),
                row.get("token_hash", String.class), row.get("api_base_url", String.class),
                row.get("interval_setting", String.class), instant(row, "last_sync_time"),
                row.get("poll_count", Long.class), instant(row, "last_cleanup_time"), instant(row, "rewind_to"),
                instant(row, "requested_at"), row.get("requested_correlation_id", String.class),
                instant(row, "run_started_at"))).one();
    }

    /**
     * Records a page whose changes Kafka acknowledged: the items (for ghost cleanup), the progress, and a renewed
     * lease, in one transaction. {@link LeaseLostException} (and nothing written) when the lease is no longer ours.
     */
    public Mono<Void> pagePublished(ClaimedMerchant m, String replica, int nextOffset, List<MappedItem> items,
            Duration leaseTtl) {
        Mono<Long> progress = db.sql("""
                UPDATE poller.clover_merchant SET run_offset = :offset,
                    lease_until = clock_timestamp() + make_interval(secs => :ttl)
                WHERE connection_id = :connection AND lease_owner = :replica""")
                .bind("offset", nextOffset).bind("ttl", seconds(leaseTtl)).bind("connection", m.connectionId())
                .bind("replica", replica).fetch().rowsUpdated();
        Mono<Void> work = progress.flatMap(updated -> updated == 1 ? remember(m.connectionId(), items)
                : Mono.error(new LeaseLostException(m.connectionId())));
        return tx.transactional(work);
    }

    private Mono<Void> remember(String connectionId, List<MappedItem> items) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        int n = items.size();
        String[] ids = new String[n];
        Long[] modified = new Long[n];
        Boolean[] deleted = new Boolean[n];
        String[] reason = new String[n];
        for (int i = 0; i < n; i++) {
            MappedItem item = items.get(i);
            ids[i] = item.itemId();
            modified[i] = item.modifiedMs();
            deleted[i] = item.deletedReason() != null;
            reason[i] = item.deletedReason();
        }
        return db.sql("""
                INSERT INTO poller.clover_item (connection_id, item_id, modified_ms, deleted, deleted_reason)
                SELECT :connection, t.item_id, t.modified_ms, t.deleted, t.reason
                FROM unnest(CAST(:ids AS text[]), CAST(:modified AS bigint[]), CAST(:deleted AS boolean[]),
                            CAST(:reason AS text[])) AS t(item_id, modified_ms, deleted, reason)
                ON CONFLICT (connection_id, item_id) DO UPDATE SET modified_ms = excluded.modified_ms,
                    deleted = excluded.deleted, deleted_reason = excluded.deleted_reason""")
                .bind("connection", connectionId).bind("ids", ids).bind("modified", modified)
                .bind("deleted", deleted).bind("reason", reason).then();
    }

    /** Every item id the poller has published for the connection, with whether it is deleted. */
    public Mono<Map<String, Boolean>> heldItems(String connectionId) {
        return db.sql("SELECT item_id, deleted FROM poller.clover_item WHERE connection_id = :connection")
                .bind("connection", connectionId)
                .map(row -> Map.entry(row.get("item_id", String.class), Boolean.TRUE.equals(row.get("deleted", Boolean.class))))
                .all().collect(HashMap::new, (map, e) -> map.put(e.getKey(), e.getValue()));
    }

    /** Marks ghosts (their deletes published) so they are not deleted again. */
    public Mono<Void> markGhosts(String connectionId, Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                UPDATE poller.clover_item SET deleted = true, deleted_reason = 'ghost'
                WHERE connection_id = :connection AND item_id = ANY(CAST(:ids AS text[]))""")
                .bind("connection", connectionId).bind("ids", itemIds.toArray(String[]::new)).then();
    }

    /**
     * The poll completed: {@code last_sync_time} moves to the poll's start, the count goes up, the token is known
     * good; {@code lastPage} (published, not yet recorded) is recorded in the same transaction. {@code fullRereadNext}
     * asks the next poll to read everything again (cleanup found items never seen). False when the lease is gone.
     */
    public Mono<Boolean> complete(ClaimedMerchant m, String replica, List<MappedItem> lastPage, boolean cleaned,
            boolean fullRereadNext, Duration interval) {
        Mono<Long> complete = db.sql("""
                UPDATE poller.clover_merchant SET
                    last_sync_time = :runStart, poll_count = poll_count + 1,
                    last_cleanup_time = CASE WHEN :cleaned THEN :runStart ELSE last_cleanup_time END,
                    rewind_to = CASE WHEN :fullReread THEN timestamptz 'epoch'
                                     WHEN requested_at > :runStart THEN rewind_to END,
                    token_status = 'valid', invalid_token_hash = NULL, consecutive_failures = 0, last_error = NULL,
                """ + FINISH)
                .bind("runStart", m.runStartedAt()).bind("cleaned", cleaned).bind("fullReread", fullRereadNext)
                .bind("interval", seconds(interval)).bind("connection", m.connectionId()).bind("replica", replica)
                .fetch().rowsUpdated();
        if (lastPage.isEmpty()) {
            return complete.map(n -> n == 1);
        }
        return tx.transactional(complete.flatMap(n -> n == 1
                ? remember(m.connectionId(), lastPage).thenReturn(true) : Mono.just(false)));
    }

    /**
     * Clover refused the token: no more polls until the connection gets another token. A pending rewind is kept
     * for the poll that will serve it.
     */
    public Mono<Boolean> tokenInvalid(ClaimedMerchant m, String replica, String error, Duration interval) {
        return db.sql("""
                UPDATE poller.clover_merchant SET token_status = 'invalid', invalid_token_hash = :hash,
                    last_error = :error,
                """ + FINISH)
                .bind("hash", m.tokenHash()).bind("error", error).bind("runStart", m.runStartedAt())
                .bind("interval", seconds(interval)).bind("connection", m.connectionId()).bind("replica", replica)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    /** The poll failed; state is left where it was and the next poll comes after the interval. Answers the streak. */
    public Mono<Integer> failed(ClaimedMerchant m, String replica, String error, Duration interval) {
        return db.sql("""
                UPDATE poller.clover_merchant SET consecutive_failures = consecutive_failures + 1, last_error = :error,
                """ + FINISH + " RETURNING consecutive_failures")
                .bind("error", error).bind("runStart", m.runStartedAt()).bind("interval", seconds(interval))
                .bind("connection", m.connectionId()).bind("replica", replica)
                .map(row -> row.get("consecutive_failures", Integer.class)).one().defaultIfEmpty(0);
    }

    /** Gives a claimed merchant back untouched (shutdown), due again at once. */
    public Mono<Void> release(ClaimedMerchant m, String replica) {
        return db.sql("""
                UPDATE poller.clover_merchant SET lease_owner = NULL, lease_until = NULL, run_started_at = NULL,
                    run_offset = NULL
                WHERE connection_id = :connection AND lease_owner = :replica""")
                .bind("connection", m.connectionId()).bind("replica", replica).then();
    }

    /**
     * A manual sync: marks the tenant's clover merchants (or one connection) to be polled now, reading at least from
     * {@code rewindTo} when given. Answers the connection ids marked.
     */
    public Mono<List<String>> requestNow(String tenant, String connectionId, Instant rewindTo, String correlationId) {
        GenericExecuteSpec spec = db.sql("""
                UPDATE poller.clover_merchant SET requested_at = clock_timestamp(),
                    requested_correlation_id = :correlation,
                    rewind_to = CASE WHEN CAST(:rewind AS timestamptz) IS NULL THEN rewind_to
                                     ELSE LEAST(COALESCE(rewind_to, CAST(:rewind AS timestamptz)), CAST(:rewind AS timestamptz)) END
                WHERE tenant = :tenant AND (CAST(:connection AS text) IS NULL OR connection_id = CAST(:connection AS text))
                RETURNING connection_id""")
                .bind("tenant", tenant).bind("correlation", correlationId);
        spec = connectionId == null ? spec.bindNull("connection", String.class) : spec.bind("connection", connectionId);
        spec = rewindTo == null ? spec.bindNull("rewind", OffsetDateTime.class) : spec.bind("rewind", rewindTo);
        return spec.map(row -> row.get("connection_id", String.class)).all().collectList();
    }

    /** The stored state of one merchant (operators, tests). */
    public Mono<MerchantState> state(String connectionId) {
        return db.sql("SELECT * FROM poller.clover_merchant WHERE connection_id = :connection")
                .bind("connection", connectionId)
                .map(row -> new MerchantState(row.get("connection_id", String.class), row.get("tenant", String.class),
                        row.get("merchant_id", String.class), instant(row, "last_sync_time"),
                        row.get("poll_count", Long.class), instant(row, "last_cleanup_time"),
                        row.get("token_status", String.class), instant(row, "next_poll_at"),
                        instant(row, "requested_at"), instant(row, "rewind_to"), row.get("lease_owner", String.class),
                        row.get("run_offset", Integer.class), row.get("consecutive_failures", Integer.class),
                        row.get("last_error", String.class), instant(row, "last_polled_at")))
                .one();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
