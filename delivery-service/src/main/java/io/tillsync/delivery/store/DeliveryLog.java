package io.tillsync.delivery.store;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Read side of deliveries: messages, their per-endpoint state and the attempt log, always within one tenant. Lists
 * are newest first in the stable order (created_at, id) and paged by keyset: the cursor is the last row's pair.
 */
@Repository
public class DeliveryLog {

    /** Filters of the attempt log; null means "any". */
    public record AttemptFilter(UUID endpointId, UUID messageId, String outcome, String eventType, Instant since,
            Instant until) {
    }

    /** Position after which a page starts. */
    public record Position(Instant createdAt, UUID id) {
    }

    /** Attempts of one endpoint in a window: how many, how many succeeded, median and 99th percentile duration. */
    public record AttemptStats(long attempts, long succeeded, Double p50Ms, Double p99Ms) {
    }

    private final DatabaseClient db;

    public DeliveryLog(DatabaseClient db) {
        this.db = db;
    }

    public Flux<AttemptRow> attempts(String tenant, AttemptFilter f, Position after, int limit) {
        return db.sql("""
                        SELECT * FROM message_attempt
                        WHERE tenant = :tenant
                          AND (CAST(:endpoint AS uuid) IS NULL OR endpoint_id = :endpoint)
                          AND (CAST(:message AS uuid) IS NULL OR message_id = :message)
                          AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
                          AND (CAST(:eventType AS text) IS NULL OR event_type = :eventType)
                          AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
                          AND (CAST(:until AS timestamptz) IS NULL OR created_at < :until)
                          AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit
                        """)
                .bind("tenant", tenant)
                .bind("endpoint", Parameter.fromOrEmpty(f.endpointId(), UUID.class))
                .bind("message", Parameter.fromOrEmpty(f.messageId(), UUID.class))
                .bind("outcome", Parameter.fromOrEmpty(f.outcome(), String.class))
                .bind("eventType", Parameter.fromOrEmpty(f.eventType(), String.class))
                .bind("since", Parameter.fromOrEmpty(f.since(), Instant.class))
                .bind("until", Parameter.fromOrEmpty(f.until(), Instant.class))
                .bind("afterAt", Parameter.fromOrEmpty(after == null ? null : after.createdAt(), Instant.class))
                .bind("afterId", Parameter.fromOrEmpty(after == null ? null : after.id(), UUID.class))
                .bind("limit", limit)
                .map((row, meta) -> AttemptRow.from(row)).all();
    }

    public Flux<MessageRow> messages(String tenant, String eventType, Instant since, Instant until, Position after,
            int limit) {
        return db.sql("""
                        SELECT * FROM message
                        WHERE tenant = :tenant
                          AND (CAST(:eventType AS text) IS NULL OR event_type = :eventType)
                          AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
                          AND (CAST(:until AS timestamptz) IS NULL OR created_at < :until)
                          AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, :afterId))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit
                        """)
                .bind("tenant", tenant)
                .bind("eventType", Parameter.fromOrEmpty(eventType, String.class))
                .bind("since", Parameter.fromOrEmpty(since, Instant.class))
                .bind("until", Parameter.fromOrEmpty(until, Instant.class))
                .bind("afterAt", Parameter.fromOrEmpty(after == null ? null : after.createdAt(), Instant.class))
                .bind("afterId", Parameter.fromOrEmpty(after == null ? null : after.id(), UUID.class))
                .bind("limit", limit)
                .map((row, meta) -> MessageRow.from(row)).all();
    }

    public Mono<MessageRow> message(String tenant, UUID id) {
        return db.sql("SELECT * FROM message WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).map((row, meta) -> MessageRow.from(row)).one();
    }

    public Flux<DeliveryRow> deliveries(String tenant, UUID messageId) {
        return db.sql("SELECT * FROM delivery WHERE tenant = :tenant AND message_id = :id ORDER BY created_at, id")
                .bind("tenant", tenant).bind("id", messageId).map((row, meta) -> DeliveryRow.from(row)).all();
    }

    /** What an endpoint's attempts since {@code since} came to. */
    public Mono<AttemptStats> stats(UUID endpointId, Instant since) {
        return db.sql("""
                        SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 'SUCCEEDED') AS ok,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
                               percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
                        FROM message_attempt WHERE endpoint_id = :endpoint AND created_at >= :since
                        """)
                .bind("endpoint", endpointId).bind("since", since)
                .map((row, meta) -> new AttemptStats(row.get("n", Long.class), row.get("ok", Long.class),
                        row.get("p50", Double.class), row.get("p99", Double.class)))
                .one();
    }

    /** The first attempt of a delivery, once one was recorded. */
    public Mono<AttemptRow> firstAttempt(UUID deliveryId) {
        return db.sql("SELECT a.* FROM message_attempt a JOIN delivery d ON d.message_id = a.message_id "
                        + "AND d.endpoint_id = a.endpoint_id WHERE d.id = :delivery ORDER BY a.created_at LIMIT 1")
                .bind("delivery", deliveryId).map((row, meta) -> AttemptRow.from(row)).one();
    }
}
