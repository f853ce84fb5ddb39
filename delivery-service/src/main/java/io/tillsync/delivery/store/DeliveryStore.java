package io.tillsync.delivery.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The delivery work queue in Postgres: fan-out of messages to deliveries, claiming due deliveries with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, and writing attempt results in batches. Every write is one statement
 * or one transaction, so a crash never leaves half an effect.
 */
@Repository
public class DeliveryStore {

    private static final String FAN_OUT = """
            WITH incoming AS (
                SELECT * FROM unnest(:ids::uuid[], :tenants::text[], :eventIds::text[], :types::text[],
                                     :occurred::timestamptz[], :payloads::text[], :correlations::text[], :onTopic::timestamptz[],
                                     :traceparents::text[])
                    AS i(id, tenant, event_id, event_type, occurred_at, payload, correlation_id, on_topic_at, traceparent)
            ), m AS (
                INSERT INTO message (id, tenant, event_id, event_type, occurred_at, payload, correlation_id, on_topic_at,
                                     traceparent)
                SELECT * FROM incoming
                ON CONFLICT (tenant, event_id) DO NOTHING
                RETURNING id, tenant, event_type
            )
            -- a disabled endpoint's delivery is recorded SKIPPED (no attempt), so recovery can resend it later
            INSERT INTO delivery (id, message_id, endpoint_id, tenant, event_type, status, next_attempt_at, last_error)
            SELECT gen_random_uuid(), m.id, e.id, m.tenant, m.event_type,
                   CASE WHEN e.status = 'ACTIVE' THEN 'PENDING' ELSE 'SKIPPED' END,
                   CASE WHEN e.status = 'ACTIVE' THEN now() END,
                   CASE WHEN e.status = 'ACTIVE' THEN NULL ELSE 'endpoint disabled' END
            FROM m JOIN endpoint e ON e.tenant = m.tenant AND NOT e.operational
                AND (cardinality(e.event_types) = 0 OR m.event_type = ANY (e.event_types)
                     OR split_part(m.event_type, '.', 1) || '.*' = ANY (e.event_types))
            """;

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM delivery d JOIN endpoint e ON e.id = d.endpoint_id AND e.status = 'ACTIVE'
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND NOT (d.endpoint_id = ANY (:busy::uuid[]))
                ORDER BY d.next_attempt_at
                LIMIT :limit
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE delivery d SET next_attempt_at = now() + :leaseMs * interval '1 millisecond'
            FROM due, message m, endpoint e
            WHERE d.id = due.id AND m.id = d.message_id AND e.id = d.endpoint_id
            RETURNING d.id, d.message_id, d.endpoint_id, d.tenant, d.event_type, d.attempts, d.failures, d.next_trigger,
                      m.payload, m.on_topic_at, e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at,
                      e.consecutive_failures, m.traceparent, e.headers::text AS headers_json, e.timeout_seconds,
                      e.rate_limit_per_second
            """;

    private static final String RECORD = """
            WITH r AS (
                SELECT * FROM unnest(:attemptIds::uuid[], :deliveryIds::uuid[], :expected::int[], :outcomes::text[],
                                     :statuses::int[], :headers::jsonb[], :bodies::text[], :errors::text[],
                                     :durations::int[], :triggers::text[], :startedAt::timestamptz[],
                                     :newStatuses::text[], :retryMs::bigint[])
                    AS r(attempt_id, delivery_id, expected, outcome, response_status, response_headers, response_body,
                         error, duration_ms, trigger, started_at, new_status, retry_ms)
            ), ins AS (
                INSERT INTO message_attempt (id, delivery_id, message_id, endpoint_id, tenant, event_type, attempt_no,
                                             trigger, outcome, response_status, response_headers, response_body, error,
                                             duration_ms, created_at)
                SELECT r.attempt_id, r.delivery_id, d.message_id, d.endpoint_id, d.tenant, d.event_type, r.expected + 1,
                       r.trigger, r.outcome, r.response_status, r.response_headers, r.response_body, r.error,
                       r.duration_ms, r.started_at
                FROM r JOIN delivery d ON d.id = r.delivery_id
            )
            UPDATE delivery d SET status = r.new_status, attempts = d.attempts + 1,
                   failures = d.failures + CASE WHEN r.outcome = 'FAILED' AND r.trigger = 'scheduled' THEN 1 ELSE 0 END,
                   next_attempt_at = CASE WHEN r.new_status = 'PENDING' THEN now() + r.retry_ms * interval '1 millisecond' END,
                   next_trigger = 'scheduled', last_error = r.error, updated_at = now()
            FROM r
            WHERE d.id = r.delivery_id AND d.attempts = r.expected AND d.status = 'PENDING'
            RETURNING d.id, d.message_id, d.endpoint_id, d.tenant, d.event_type, d.status, d.attempts, r.trigger
            """;

    private static final String HEALTH = """
            WITH x AS (
                SELECT * FROM unnest(:ids::uuid[], :hadSuccess::bool[], :trailing::int[], :lastSuccess::timestamptz[],
                                     :lastFailure::timestamptz[], :firstTrailing::timestamptz[])
                    AS x(id, had_success, trailing_failures, last_success, last_failure, first_trailing_failure)
            ), old AS (
                SELECT e.id, e.consecutive_failures, e.status, e.failing_since FROM endpoint e JOIN x ON x.id = e.id
                FOR UPDATE OF e
            ), streak AS (
                SELECT x.*, old.consecutive_failures AS old_failures, old.status AS old_status,
                       CASE WHEN x.had_success THEN x.trailing_failures ELSE old.consecutive_failures + x.trailing_failures END AS new_failures,
                       CASE WHEN x.trailing_failures = 0 AND x.had_success THEN NULL
                            WHEN x.had_success OR old.consecutive_failures = 0 THEN x.first_trailing_failure
                            ELSE COALESCE(old.failing_since, x.first_trailing_failure) END AS new_failing_since
                FROM x JOIN old ON old.id = x.id
            ), calc AS (
                -- disabled at disableAt failures in a row, which (with disableAfter) also span at least that long
                SELECT s.*, s.old_status = 'ACTIVE' AND s.new_failures >= :disableAt
                       AND (:disableAfterMs = 0 OR s.new_failing_since <= now() - :disableAfterMs * interval '1 millisecond')
                       AS disable_now
                FROM streak s
            )
            UPDATE endpoint e SET consecutive_failures = c.new_failures, failing_since = c.new_failing_since,
                   last_success_at = GREATEST(e.last_success_at, c.last_success),
                   last_failure_at = GREATEST(e.last_failure_at, c.last_failure),
                   status = CASE WHEN c.disable_now THEN 'DISABLED' ELSE e.status END,
                   disabled_at = CASE WHEN c.disable_now THEN now() ELSE e.disabled_at END,
                   disabled_reason = CASE WHEN c.disable_now
                       THEN 'disabled automatically after ' || c.new_failures || ' consecutive failed attempts'
                       ELSE e.disabled_reason END,
                   updated_at = now()
            FROM calc c
            WHERE e.id = c.id
              -- a run of successes on a healthy endpoint only refreshes last_success_at once a second
              AND NOT (c.had_success AND c.trailing_failures = 0 AND c.old_failures = 0
                       AND e.last_success_at IS NOT NULL AND e.last_success_at > c.last_success - interval '1 second')
            RETURNING e.id, e.tenant, e.name, c.had_success, c.old_failures, e.consecutive_failures, c.old_status, e.status,
                      e.operational, e.failing_since
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public DeliveryStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Stores messages (a redelivered event id is skipped) and one PENDING delivery per matching active endpoint, in
     * one statement. Returns the number of deliveries created.
     */
    public Mono<Long> fanOut(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql(FAN_OUT)
                .bind("ids", messages.stream().map(m -> m.id().toString()).toArray(String[]::new))
                .bind("tenants", messages.stream().map(NewMessage::tenant).toArray(String[]::new))
                .bind("eventIds", messages.stream().map(NewMessage::eventId).toArray(String[]::new))
                .bind("types", messages.stream().map(NewMessage::eventType).toArray(String[]::new))
                .bind("occurred", messages.stream().map(m -> m.occurredAt().toString()).toArray(String[]::new))
                .bind("payloads", messages.stream().map(NewMessage::payload).toArray(String[]::new))
                .bind("correlations", messages.stream().map(NewMessage::correlationId).toArray(String[]::new))
                .bind("onTopic", messages.stream().map(m -> m.onTopicAt().toString()).toArray(String[]::new))
                .bind("traceparents", messages.stream().map(NewMessage::traceparent).toArray(String[]::new))
                .fetch().rowsUpdated();
    }

    /** Leases up to {@code limit} due deliveries of active endpoints not in {@code busy} for {@code lease}. */
    public Flux<ClaimedDelivery> claim(int limit, Collection<UUID> busy, Duration lease) {
        return db.sql(CLAIM)
                .bind("busy", busy.stream().map(UUID::toString).toArray(String[]::new))
                .bind("limit", limit).bind("leaseMs", lease.toMillis())
                .map((row, meta) -> ClaimedDelivery.from(row)).all();
    }

    /**
     * Extends the lease of deliveries still being sent or recorded by this replica. A delivery whose attempt was
     * recorded meanwhile ({@code attempts} moved on) or that is no longer pending keeps what the record set.
     */
    public Mono<Long> renew(Map<UUID, Integer> attemptsById, Duration lease) {
        if (attemptsById.isEmpty()) {
            return Mono.just(0L);
        }
        List<Map.Entry<UUID, Integer>> leased = List.copyOf(attemptsById.entrySet());
        return db.sql("UPDATE delivery d SET next_attempt_at = now() + :ms * interval '1 millisecond' "
                        + "FROM unnest(:ids::uuid[], :attempts::int[]) AS x(id, attempts) "
                        + "WHERE d.id = x.id AND d.attempts = x.attempts AND d.status = 'PENDING'")
                .bind("ids", leased.stream().map(e -> e.getKey().toString()).toArray(String[]::new))
                .bind("attempts", leased.stream().map(Map.Entry::getValue).toArray(Integer[]::new))
                .bind("ms", lease.toMillis()).fetch().rowsUpdated();
    }

    /** Gives leased deliveries back, due after {@code delay} (claimed beyond an endpoint's concurrency bound). */
    public Mono<Long> release(Collection<UUID> ids, Duration delay) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE delivery SET next_attempt_at = now() + :ms * interval '1 millisecond' "
                        + "WHERE id = ANY (:ids::uuid[]) AND status = 'PENDING'")
                .bind("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .bind("ms", delay.toMillis()).fetch().rowsUpdated();
    }

    /**
     * Sets aside the due, unleased deliveries of these endpoints for {@code backoff}: they are failing and at their
     * bound, so only probes go out, and claims should not scan past their backlog meanwhile.
     */
    public Mono<Long> defer(Collection<UUID> endpointIds, Duration backoff) {
        if (endpointIds.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE delivery SET next_attempt_at = now() + :ms * interval '1 millisecond' "
                        + "WHERE endpoint_id = ANY (:ids::uuid[]) AND status = 'PENDING' AND next_attempt_at <= now()")
                .bind("ids", endpointIds.stream().map(UUID::toString).toArray(String[]::new))
                .bind("ms", backoff.toMillis()).fetch().rowsUpdated();
    }

    /** Batch result of {@link #record}. */
    public record Recorded(List<DeliveryOutcome> outcomes, List<HealthChange> health) {
    }

    /** Stores attempts, moves their deliveries and the endpoints' health, in one transaction. */
    public Mono<Recorded> record(List<AttemptRecord> attempts, List<EndpointTally> tallies, int disableAt,
            Duration disableAfter) {
        Mono<List<DeliveryOutcome>> outcomes = db.sql(RECORD)
                .bind("attemptIds", attempts.stream().map(a -> a.attemptId().toString()).toArray(String[]::new))
                .bind("deliveryIds", attempts.stream().map(a -> a.deliveryId().toString()).toArray(String[]::new))
                .bind("expected", attempts.stream().map(AttemptRecord::expectedAttempts).toArray(Integer[]::new))
                .bind("outcomes", attempts.stream().map(a -> (a.succeeded() ? DeliveryStatus.SUCCEEDED : DeliveryStatus.FAILED).name()).toArray(String[]::new))
                .bind("statuses", attempts.stream().map(AttemptRecord::responseStatus).toArray(Integer[]::new))
                .bind("headers", attempts.stream().map(AttemptRecord::responseHeadersJson).toArray(String[]::new))
                .bind("bodies", attempts.stream().map(AttemptRecord::responseBody).toArray(String[]::new))
                .bind("errors", attempts.stream().map(AttemptRecord::error).toArray(String[]::new))
                .bind("durations", attempts.stream().map(AttemptRecord::durationMs).toArray(Integer[]::new))
                .bind("triggers", attempts.stream().map(AttemptRecord::trigger).toArray(String[]::new))
                .bind("startedAt", attempts.stream().map(a -> a.startedAt().toString()).toArray(String[]::new))
                .bind("newStatuses", attempts.stream().map(a -> a.newStatus().name()).toArray(String[]::new))
                .bind("retryMs", attempts.stream().map(AttemptRecord::retryInMs).toArray(Long[]::new))
                .map((row, meta) -> new DeliveryOutcome(row.get("id", UUID.class), row.get("message_id", UUID.class),
                        row.get("endpoint_id", UUID.class), row.get("tenant", String.class),
                        row.get("event_type", String.class), DeliveryStatus.valueOf(row.get("status", String.class)),
                        row.get("attempts", Integer.class), row.get("trigger", String.class)))
                .all().collectList();
        Mono<List<HealthChange>> health = tallies.isEmpty() ? Mono.just(List.of()) : db.sql(HEALTH)
                .bind("ids", tallies.stream().map(t -> t.endpointId().toString()).toArray(String[]::new))
                .bind("hadSuccess", tallies.stream().map(EndpointTally::hadSuccess).toArray(Boolean[]::new))
                .bind("trailing", tallies.stream().map(EndpointTally::trailingFailures).toArray(Integer[]::new))
                .bind("lastSuccess", tallies.stream().map(t -> iso(t.lastSuccess())).toArray(String[]::new))
                .bind("lastFailure", tallies.stream().map(t -> iso(t.lastFailure())).toArray(String[]::new))
                .bind("firstTrailing", tallies.stream().map(t -> iso(t.firstTrailingFailure())).toArray(String[]::new))
                .bind("disableAt", disableAt).bind("disableAfterMs", disableAfter.toMillis())
                .map((row, meta) -> new HealthChange(row.get("id", UUID.class), row.get("tenant", String.class),
                        row.get("name", String.class), Boolean.TRUE.equals(row.get("had_success", Boolean.class)),
                        row.get("old_failures", Integer.class), row.get("consecutive_failures", Integer.class),
                        row.get("old_status", String.class), row.get("status", String.class),
                        Boolean.TRUE.equals(row.get("operational", Boolean.class)),
                        row.get("failing_since", Instant.class)))
                .all().collectList();
        return outcomes.zipWith(health, Recorded::new).as(tx::transactional);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * Sends a message again (trigger manual): to every endpoint it went to, or to one endpoint (creating the
     * delivery if that endpoint never had one). Only active endpoints; returns the deliveries made due.
     */
    public Mono<Long> resend(String tenant, UUID messageId, UUID endpointId) {
        return db.sql("""
                        INSERT INTO delivery (id, message_id, endpoint_id, tenant, event_type, status, next_attempt_at, next_trigger)
                        SELECT gen_random_uuid(), m.id, e.id, m.tenant, m.event_type, 'PENDING', now(), 'manual'
                        FROM message m JOIN endpoint e ON e.tenant = m.tenant AND e.status = 'ACTIVE'
                        WHERE m.tenant = :tenant AND m.id = :message
                          AND (e.id = :endpoint OR (CAST(:endpoint AS uuid) IS NULL
                               AND EXISTS (SELECT 1 FROM delivery x WHERE x.message_id = m.id AND x.endpoint_id = e.id)))
                        ON CONFLICT (message_id, endpoint_id) DO UPDATE
                            SET status = 'PENDING', next_attempt_at = now(), next_trigger = 'manual', updated_at = now()
                        """)
                .bind("tenant", tenant).bind("message", messageId)
                .bind("endpoint", org.springframework.r2dbc.core.Parameter.fromOrEmpty(endpointId, UUID.class))
                .fetch().rowsUpdated();
    }

    /**
     * Makes every FAILED or SKIPPED delivery of an endpoint created since {@code since} due again (trigger manual), in
     * the order of their events: each is due one microsecond after the one before, and claims take the earliest due.
     */
    public Mono<Long> recover(String tenant, UUID endpointId, Instant since) {
        return db.sql("""
                        WITH todo AS (
                            SELECT d.id, row_number() OVER (ORDER BY m.occurred_at, m.created_at, m.id) AS n
                            FROM delivery d JOIN message m ON m.id = d.message_id
                            JOIN endpoint e ON e.id = d.endpoint_id AND e.status = 'ACTIVE'
                            WHERE d.tenant = :tenant AND d.endpoint_id = :endpoint AND d.status IN ('FAILED', 'SKIPPED')
                              AND d.created_at >= :since
                        )
                        UPDATE delivery d SET status = 'PENDING', next_attempt_at = now() + todo.n * interval '1 microsecond',
                               next_trigger = 'manual', updated_at = now()
                        FROM todo WHERE d.id = todo.id
                        """)
                .bind("tenant", tenant).bind("endpoint", endpointId).bind("since", since)
                .fetch().rowsUpdated();
    }

    /** How many FAILED or SKIPPED deliveries of an endpoint were created since {@code since} (what recovery resends). */
    public Mono<Long> recoverable(UUID endpointId, Instant since) {
        return db.sql("SELECT count(*) AS n FROM delivery WHERE endpoint_id = :endpoint "
                        + "AND status IN ('FAILED', 'SKIPPED') AND created_at >= :since")
                .bind("endpoint", endpointId).bind("since", since)
                .map((row, meta) -> row.get("n", Long.class)).one();
    }

    /**
     * Stores a message that is not a platform event (a test event, an operational event) and one due delivery of it
     * to one endpoint, in one statement; returns the delivery's id (empty when the endpoint is not active).
     */
    public Mono<UUID> enqueue(String tenant, UUID endpointId, String eventType, String payload) {
        return db.sql("""
                        WITH e AS (SELECT id FROM endpoint WHERE tenant = :tenant AND id = :endpoint AND status = 'ACTIVE'),
                        m AS (
                            INSERT INTO message (id, tenant, event_id, event_type, occurred_at, payload, on_topic_at)
                            SELECT gen_random_uuid(), :tenant, :eventId, :type, now(), :payload, now() FROM e
                            RETURNING id, tenant, event_type
                        )
                        INSERT INTO delivery (id, message_id, endpoint_id, tenant, event_type, status, next_attempt_at)
                        SELECT gen_random_uuid(), m.id, e.id, m.tenant, m.event_type, 'PENDING', now() FROM m, e
                        RETURNING id
                        """)
                .bind("tenant", tenant).bind("endpoint", endpointId).bind("eventId", eventType + ":" + UUID.randomUUID())
                .bind("type", eventType).bind("payload", payload)
                .map((row, meta) -> row.get("id", UUID.class)).one();
    }
}
