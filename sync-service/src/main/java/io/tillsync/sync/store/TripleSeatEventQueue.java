package io.tillsync.sync.store;

import java.time.Instant;
import java.time.LocalDate;
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

    /** After an attempt: whether a later run should look at the event again, and its date when known. */
    public Mono<Void> settle(String tenant, String eventId, boolean open, LocalDate eventDate) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                UPDATE sync.tripleseat_event_queue SET open = :open, event_date = COALESCE(:date, event_date)
                WHERE tenant = :tenant AND event_id = :event""")
                .bind("tenant", tenant).bind("event", eventId).bind("open", open);
        spec = eventDate == null ? spec.bindNull("date", LocalDate.class) : spec.bind("date", eventDate);
        return spec.then();
    }

    /**
     * One page of a bulk run, in event-id order after {@code after}: events seen since {@code since}, plus open
     * events dated {@code earliestDate} or later (seen long ago, e.g. booked weeks ahead, now coming into the gate).
     */
    public Flux<String> page(String tenant, Instant since, LocalDate earliestDate, String after, int limit) {
        return db.sql("""
                SELECT event_id FROM sync.tripleseat_event_queue
                WHERE tenant = :tenant AND event_id > :after
                  AND (last_seen_at >= :since OR (open AND event_date >= :earliest))
                ORDER BY event_id LIMIT :limit""")
                .bind("tenant", tenant).bind("after", after).bind("since", since).bind("earliest", earliestDate)
                .bind("limit", limit)
                .map(row -> row.get("event_id", String.class)).all();
    }
}
