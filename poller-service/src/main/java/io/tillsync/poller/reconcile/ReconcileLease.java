package io.tillsync.poller.reconcile;

import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Claims one scheduled firing per job and connection across poller replicas ({@code poller.reconcile_lease}): a
 * single atomic upsert that only succeeds when the last firing is at least {@code minimumGap} old, timed by the
 * database clock so replicas' clocks do not matter. Nothing is held, so a crashed replica blocks nobody.
 */
@Repository
public class ReconcileLease {

    private final DatabaseClient db;

    public ReconcileLease(DatabaseClient db) {
        this.db = db;
    }

    /** True when this replica won the firing of {@code job} for the connection. */
    public Mono<Boolean> claim(String job, String connectionId, String tenant, String replica, Duration minimumGap) {
        return db.sql("""
                INSERT INTO poller.reconcile_lease (job, connection_id, tenant, fired_at, fired_by)
                VALUES (:job, :connection, :tenant, clock_timestamp(), :replica)
                ON CONFLICT (job, connection_id) DO UPDATE SET
                    fired_at = excluded.fired_at, fired_by = excluded.fired_by, tenant = excluded.tenant
                WHERE reconcile_lease.fired_at <= excluded.fired_at - make_interval(secs => :gapSeconds)
                RETURNING connection_id""")
                .bind("job", job).bind("connection", connectionId).bind("tenant", tenant).bind("replica", replica)
                .bind("gapSeconds", minimumGap.toMillis() / 1000.0)
                .map(row -> true).one()
                .defaultIfEmpty(false);
    }

    /** Gives a claimed firing back (its request could not be published), so the next tick tries again. */
    public Mono<Void> release(String job, String connectionId, String replica) {
        return db.sql("DELETE FROM poller.reconcile_lease WHERE job = :job AND connection_id = :connection AND fired_by = :replica")
                .bind("job", job).bind("connection", connectionId).bind("replica", replica).then();
    }
}
