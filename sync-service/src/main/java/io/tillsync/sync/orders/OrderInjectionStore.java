package io.tillsync.sync.orders;

import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Outcomes of order injection ({@code sync.order_injection}, one row per tenant and event) and the per-event lock
 * that serializes concurrent runs (webhook, manual, scheduled) on one event across every replica.
 */
@Repository
public class OrderInjectionStore {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final DatabaseClient db;

    public OrderInjectionStore(DatabaseClient db) {
        this.db = db;
    }

    /** What is recorded about an event: whether an order was ever injected for it, the latest outcome, the order id. */
    public record Recorded(boolean injected, String lastOutcome, String revelOrderId) {
    }

    /** What to store about one attempt. */
    public record Attempt(String tenant, String connectionId, String targetConnectionId, String localId,
            InjectionOutcome outcome, String trigger, String correlationId, Instant at) {
    }

    /**
     * Takes the transaction-scoped advisory lock of one event, waiting at most {@code timeout} for a run holding it.
     * Must run inside a transaction: the lock is released at commit or rollback.
     */
    public Mono<Void> lock(String tenant, String eventId, Duration timeout) {
        return db.sql("SELECT set_config('lock_timeout', :timeout, true)")
                .bind("timeout", timeout.toMillis() + "ms").map(row -> 1).first()
                .then(db.sql("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                        .bind("key", "tripleseat-order:" + tenant + ":" + eventId)
                        .map(row -> 1).first())
                .then();
    }

    /** Whether {@code e} is {@link #lock} giving up after its timeout (SQLSTATE 55P03, lock_not_available). */
    public static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && LOCK_NOT_AVAILABLE.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    public Mono<Recorded> find(String tenant, String eventId) {
        return db.sql("""
                SELECT injected_at IS NOT NULL AS injected, outcome, revel_order_id FROM sync.order_injection
                WHERE tenant = :tenant AND event_id = :event""")
                .bind("tenant", tenant).bind("event", eventId)
                .map(row -> new Recorded(Boolean.TRUE.equals(row.get("injected", Boolean.class)),
                        row.get("outcome", String.class), row.get("revel_order_id", String.class)))
                .one();
    }

    /**
     * Stores the attempt as the event's latest outcome. That an order was injected ({@code injected_at}) and its
     * Revel id, once known, are never forgotten by later attempts (which then report duplicate).
     */
    public Mono<Void> save(Attempt a) {
        InjectionOutcome o = a.outcome();
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                INSERT INTO sync.order_injection (tenant, event_id, connection_id, target_connection_id, local_id, outcome,
                    reason, error, revel_order_id, event_name, event_date, event_status, trigger, correlation_id,
                    attempts, first_attempt_at, last_attempt_at, injected_at)
                VALUES (:tenant, :event, :connection, :target, :localId, :outcome, :reason, :error, :order, :name,
                    :date, :status, :trigger, :correlation, 1, :at, :at,
                    CASE WHEN :outcome = 'injected' THEN CAST(:at AS timestamptz) END)
                ON CONFLICT (tenant, event_id) DO UPDATE SET
                    connection_id = excluded.connection_id,
                    target_connection_id = COALESCE(excluded.target_connection_id, order_injection.target_connection_id),
                    local_id = COALESCE(excluded.local_id, order_injection.local_id),
                    outcome = excluded.outcome, reason = excluded.reason, error = excluded.error,
                    revel_order_id = COALESCE(excluded.revel_order_id, order_injection.revel_order_id),
                    event_name = COALESCE(excluded.event_name, order_injection.event_name),
                    event_date = COALESCE(excluded.event_date, order_injection.event_date),
                    event_status = COALESCE(excluded.event_status, order_injection.event_status),
                    trigger = excluded.trigger, correlation_id = excluded.correlation_id,
                    attempts = order_injection.attempts + 1, last_attempt_at = excluded.last_attempt_at,
                    injected_at = COALESCE(order_injection.injected_at, excluded.injected_at)""")
                .bind("tenant", a.tenant()).bind("event", o.eventId()).bind("connection", a.connectionId())
                .bind("outcome", o.outcome().code()).bind("trigger", a.trigger())
                .bind("correlation", a.correlationId()).bind("at", a.at());
        spec = bind(spec, "target", a.targetConnectionId(), String.class);
        spec = bind(spec, "localId", a.localId(), String.class);
        spec = bind(spec, "reason", o.reason(), String.class);
        spec = bind(spec, "error", o.error(), String.class);
        spec = bind(spec, "order", o.revelOrderId(), String.class);
        spec = bind(spec, "name", o.name(), String.class);
        spec = bind(spec, "date", o.date(), LocalDate.class);
        spec = bind(spec, "status", o.eventStatus(), String.class);
        return spec.then();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String name,
            Object value, Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
