package io.tillsync.sync.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable queue of TripleSeat event ids ({@code sync.tripleseat_event_queue}). TripleSeat cannot search events by
 * date, so this is what bulk reconciliation iterates: every id a webhook or a manual sync named, open until the
 * event got its order or can never get one.
 */
@Repository
public class TripleSeatEventQueue {

    private final DatabaseClient db;

    public TripleSeatEventQueue(DatabaseClient db) {
        this.db = db;
    }

    /** Records a sighting of the event: new row, or a later sighting that reopens it. */
    public Mono<Void> record(String tenant, String eventId, String connectionId, String trigger, Instant now) {
        return db.sql("""
                INSERT INTO sync.tripleseat_event_queue (tenant, event_id, connection_id, first_seen_at, last_seen_at, last_trigger)
                VALUES (:tenant, :event, :connection, :now, :now, :trigger)
                ON CONFLICT (tenant, event_id) DO UPDATE SET
                    connection_id = excluded.connection_id, last_seen_at = excluded.last_seen_at,
                    last_trigger = excluded.last_trigger, times_seen = tripleseat_event_queue.times_seen + 1,
                    open = true""")
                .bind("tenant", tenant).bind("event", eventId).bind("connection", connectionId)
                .bind("now", now).bind("trigger", trigger)
                .then();
    }

    /**
     * After an attempt: whether a later run should look at the event again, its date when known, and when it was
     * checked (bulk runs take the least recently checked events first).
     */
    public Mono<Void> settle(String tenant, String eventId, boolean open, LocalDate eventDate, Instant checkedAt) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                UPDATE sync.tripleseat_event_queue
                SET open = :open, event_date = COALESCE(:date, event_date), last_checked_at = :checked
                WHERE tenant = :tenant AND event_id = :event""")
                .bind("tenant", tenant).bind("event", eventId).bind("open", open).bind("checked", checkedAt);
        spec = eventDate == null ? spec.bindNull("date", LocalDate.class) : spec.bind("date", eventDate);
        return spec.then();
    }

    /** The tripleseat connection that reported the event, when it is queued. */
    public Mono<String> connectionOf(String tenant, String eventId) {
        return db.sql("SELECT connection_id FROM sync.tripleseat_event_queue WHERE tenant = :tenant AND event_id = :event")
                .bind("tenant", tenant).bind("event", eventId)
                .map(row -> row.get("connection_id", String.class)).one();
    }

    /** Which queued events of one tripleseat connection a bulk run looks at. */
    public record Due(String tenant, String connectionId, Instant seenSince, LocalDate earliestDate, Instant runStart) {
    }

    /**
     * The next due events of a bulk run, least recently checked first, at most {@code limit}, none of {@code done}.
     * Due: no Revel order is known for the event, and it was seen since {@code seenSince} or is still open and dated
     * {@code earliestDate} or later (booked long ago, now coming into the time gate); and it was not checked since
     * {@code runStart} (by this run or a concurrent one).
     */
    public Flux<String> due(Due due, Collection<String> done, int limit) {
        return db.sql("""
                SELECT q.event_id FROM sync.tripleseat_event_queue q
                LEFT JOIN sync.order_injection o ON o.tenant = q.tenant AND o.event_id = q.event_id
                WHERE q.tenant = :tenant AND q.connection_id = :connection
                  AND o.injected_at IS NULL AND o.revel_order_id IS NULL
                  AND (q.last_seen_at >= :since OR (q.open AND q.event_date >= :earliest))
                  AND (q.last_checked_at IS NULL OR q.last_checked_at < :runStart)
                  AND NOT (q.event_id = ANY(:done))
                ORDER BY q.last_checked_at NULLS FIRST, q.event_id
                LIMIT :limit""")
                .bind("tenant", due.tenant()).bind("connection", due.connectionId()).bind("since", due.seenSince())
                .bind("earliest", due.earliestDate()).bind("runStart", due.runStart())
                .bind("done", done.toArray(String[]::new)).bind("limit", limit)
                .map(row -> row.get("event_id", String.class)).all();
    }
}
