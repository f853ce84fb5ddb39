package io.tillsync.delivery.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Endpoints of {@code delivery.endpoint}, always addressed by tenant and id so one tenant never reaches another's. */
@Repository
public class EndpointStore {

    private static final String COLUMNS = "id, tenant, name, url, description, event_types, status, disabled_reason, "
            + "secret_enc, previous_secret_enc, previous_secret_expires_at, consecutive_failures, last_success_at, "
            + "last_failure_at, created_at, updated_at";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public EndpointStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** {@code id} is chosen by the caller: the secret is encrypted bound to it before the row exists. */
    public Mono<EndpointRow> insert(UUID id, String tenant, String name, String url, String description, List<String> eventTypes,
            String secretEnc) {
        return db.sql("INSERT INTO endpoint (id, tenant, name, url, description, event_types, secret_enc) "
                        + "VALUES (:id, :tenant, :name, :url, :description, :types, :secret) RETURNING " + COLUMNS)
                .bind("id", id).bind("tenant", tenant).bind("name", name).bind("url", url)
                .bind("description", Parameter.fromOrEmpty(description, String.class))
                .bind("types", eventTypes.toArray(String[]::new)).bind("secret", secretEnc)
                .map((row, meta) -> EndpointRow.from(row)).one();
    }

    public Mono<EndpointRow> find(String tenant, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM endpoint WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).map((row, meta) -> EndpointRow.from(row)).one();
    }

    public Flux<EndpointRow> list(String tenant) {
        return db.sql("SELECT " + COLUMNS + " FROM endpoint WHERE tenant = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant).map((row, meta) -> EndpointRow.from(row)).all();
    }

    public Mono<EndpointRow> update(String tenant, UUID id, String name, String url, String description,
            List<String> eventTypes) {
        return db.sql("UPDATE endpoint SET name = :name, url = :url, description = :description, event_types = :types, "
                        + "updated_at = now() WHERE tenant = :tenant AND id = :id RETURNING " + COLUMNS)
                .bind("tenant", tenant).bind("id", id).bind("name", name).bind("url", url)
                .bind("description", Parameter.fromOrEmpty(description, String.class))
                .bind("types", eventTypes.toArray(String[]::new))
                .map((row, meta) -> EndpointRow.from(row)).one();
    }

    /** Re-enables an endpoint and clears its failure streak. */
    public Mono<EndpointRow> enable(String tenant, UUID id) {
        return db.sql("UPDATE endpoint SET status = 'ACTIVE', disabled_reason = NULL, consecutive_failures = 0, "
                        + "updated_at = now() WHERE tenant = :tenant AND id = :id RETURNING " + COLUMNS)
                .bind("tenant", tenant).bind("id", id).map((row, meta) -> EndpointRow.from(row)).one();
    }

    /** Disables an endpoint; its pending deliveries become FAILED (replay brings them back). */
    public Mono<EndpointRow> disable(String tenant, UUID id, String reason) {
        return db.sql("UPDATE endpoint SET status = 'DISABLED', disabled_reason = :reason, updated_at = now() "
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
