package io.tillsync.delivery.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Endpoints of {@code delivery.endpoint}, always addressed by tenant and id so one tenant never reaches another's. */
@Repository
public class EndpointStore {

    private static final String COLUMNS = EndpointRow.COLUMNS;

    /**
     * An enabled endpoint, when it had been disabled (null: it was active already) and when the failures that led
     * there began (its disabling time when it was disabled by hand without a failure streak).
     */
    public record Enabled(EndpointRow endpoint, Instant wasDisabledAt, Instant outageSince) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public EndpointStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<EndpointRow> insert(String tenant, EndpointSettings s, String secretEnc, boolean operational) {
        return settings(db.sql("INSERT INTO endpoint (id, tenant, name, url, description, event_types, secret_enc, "
                        + "headers, timeout_seconds, rate_limit_per_second, operational) VALUES (:id, :tenant, :name, "
                        + ":url, :description, :types, :secret, CAST(:headers AS jsonb), :timeout, :rate, :operational) "
                        + "RETURNING " + COLUMNS), s)
                .bind("id", UUID.randomUUID()).bind("tenant", tenant).bind("secret", secretEnc)
                .bind("operational", operational)
                .map((row, meta) -> EndpointRow.from(row)).one();
    }

    public Mono<EndpointRow> find(String tenant, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM endpoint WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).map((row, meta) -> EndpointRow.from(row)).one();
    }

    /** The tenant's operational endpoint, if it set one. */
    public Mono<EndpointRow> findOperational(String tenant) {
        return db.sql("SELECT " + COLUMNS + " FROM endpoint WHERE tenant = :tenant AND operational")
                .bind("tenant", tenant).map((row, meta) -> EndpointRow.from(row)).one();
    }

    /** The tenant's endpoints (not the operational one) in creation order, after {@code after}'s position. */
    public Flux<EndpointRow> list(String tenant, DeliveryLog.Position after, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM endpoint WHERE tenant = :tenant AND NOT operational "
                        + "AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId)) "
                        + "ORDER BY created_at, id LIMIT :limit")
                .bind("tenant", tenant)
                .bind("afterAt", Parameter.fromOrEmpty(after == null ? null : after.createdAt(), Instant.class))
                .bind("afterId", Parameter.fromOrEmpty(after == null ? null : after.id(), UUID.class))
                .bind("limit", limit)
                .map((row, meta) -> EndpointRow.from(row)).all();
    }

    public Mono<EndpointRow> update(String tenant, UUID id, EndpointSettings s) {
        return settings(db.sql("UPDATE endpoint SET name = :name, url = :url, description = :description, "
                        + "event_types = :types, headers = CAST(:headers AS jsonb), timeout_seconds = :timeout, "
                        + "rate_limit_per_second = :rate, updated_at = now() WHERE tenant = :tenant AND id = :id "
                        + "RETURNING " + COLUMNS), s)
                .bind("tenant", tenant).bind("id", id)
                .map((row, meta) -> EndpointRow.from(row)).one();
    }

    private static GenericExecuteSpec settings(GenericExecuteSpec spec, EndpointSettings s) {
        return spec.bind("name", s.name()).bind("url", s.url())
                .bind("description", Parameter.fromOrEmpty(s.description(), String.class))
                .bind("types", s.eventTypes().toArray(String[]::new))
                .bind("headers", EndpointRow.headersJson(s.headers()))
                .bind("timeout", Parameter.fromOrEmpty(s.timeoutSeconds(), Integer.class))
                .bind("rate", Parameter.fromOrEmpty(s.rateLimitPerSecond(), Integer.class));
    }

    /** Re-enables an endpoint and clears its failure streak; says when it had been disabled. */
    public Mono<Enabled> enable(String tenant, UUID id) {
        return db.sql("WITH old AS (SELECT id, status, disabled_at, failing_since FROM endpoint "
                        + "WHERE tenant = :tenant AND id = :id FOR UPDATE) UPDATE endpoint e SET status = 'ACTIVE', disabled_reason = NULL, "
                        + "disabled_at = NULL, consecutive_failures = 0, failing_since = NULL, updated_at = now() "
                        + "FROM old WHERE e.id = old.id RETURNING " + prefixed("e") + ", "
                        + "CASE WHEN old.status = 'DISABLED' THEN COALESCE(old.disabled_at, e.created_at) END AS was_disabled_at, "
                        // the outage began with the failure streak; a delivery that failed in it was created earlier
                        + "CASE WHEN old.status = 'DISABLED' THEN LEAST(COALESCE(old.failing_since, old.disabled_at, "
                        + "e.created_at), COALESCE(old.disabled_at, e.created_at), (SELECT min(d.created_at) "
                        + "FROM delivery d WHERE d.endpoint_id = e.id AND d.status IN ('FAILED', 'SKIPPED') "
                        + "AND d.updated_at >= COALESCE(old.failing_since, old.disabled_at, e.created_at))) "
                        + "END AS outage_since")
                .bind("tenant", tenant).bind("id", id)
                .map((row, meta) -> new Enabled(EndpointRow.from(row), row.get("was_disabled_at", Instant.class),
                        row.get("outage_since", Instant.class)))
                .one();
    }

    private static String prefixed(String alias) {
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS.split(",\\s*")) {
            out.append(out.isEmpty() ? "" : ", ").append(alias).append('.').append(column);
        }
        return out.toString();
    }

    /** Disables an endpoint; its pending deliveries become FAILED (recovery brings them back). */
    public Mono<EndpointRow> disable(String tenant, UUID id, String reason) {
        return db.sql("UPDATE endpoint SET status = 'DISABLED', disabled_reason = :reason, "
                        + "disabled_at = CASE WHEN status = 'DISABLED' THEN disabled_at ELSE now() END, updated_at = now() "
                        + "WHERE tenant = :tenant AND id = :id RETURNING " + COLUMNS)
                .bind("tenant", tenant).bind("id", id).bind("reason", reason)
                .map((row, meta) -> EndpointRow.from(row)).one()
                .flatMap(row -> failPending(id, "endpoint disabled: " + reason).thenReturn(row))
                .as(tx::transactional);
    }

    /** Marks every pending delivery of an endpoint FAILED. */
    public Mono<Long> failPending(UUID endpointId, String reason) {
        return db.sql("UPDATE delivery SET status = 'FAILED', next_attempt_at = NULL, last_error = :reason, "
                        + "updated_at = now() WHERE endpoint_id = :id AND status = 'PENDING'")
                .bind("id", endpointId).bind("reason", reason).fetch().rowsUpdated();
    }

    public Mono<Boolean> delete(String tenant, UUID id) {
        return db.sql("DELETE FROM endpoint WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Makes {@code newSecretEnc} current; the current secret keeps signing for {@code overlap}. */
    public Mono<EndpointRow> rotate(String tenant, UUID id, String newSecretEnc, Duration overlap) {
        return db.sql("UPDATE endpoint SET previous_secret_enc = secret_enc, secret_enc = :secret, "
                        + "previous_secret_expires_at = now() + :overlapMs * interval '1 millisecond', updated_at = now() "
                        + "WHERE tenant = :tenant AND id = :id RETURNING " + COLUMNS)
                .bind("tenant", tenant).bind("id", id).bind("secret", newSecretEnc).bind("overlapMs", overlap.toMillis())
                .map((row, meta) -> EndpointRow.from(row)).one();
    }
}
