package io.tillsync.intake.store;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads connections from sync-service's read view {@code sync.intake_connection}; intake never writes there.
 */
@Repository
public class IntakeConnectionRepository {

    private static final String COLUMNS = "id, tenant, provider, account, status, webhook_secret_enc, "
            + "previous_webhook_secret_enc, previous_secret_expires_at, notification_url";

    private final DatabaseClient db;

    public IntakeConnectionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The connection with this id if it belongs to the tenant and provider (any status). */
    public Mono<IntakeConnectionRow> find(String tenant, String provider, String id) {
        return db.sql("SELECT " + COLUMNS + " FROM sync.intake_connection WHERE id = :id AND tenant = :tenant AND provider = :provider")
                .bind("id", id).bind("tenant", tenant).bind("provider", provider)
                .map(IntakeConnectionRepository::row)
                .one();
    }

    /** The tenant's oldest active connection of the provider (route {@code /intake/{tenant}/pos/{provider}}). */
    public Mono<IntakeConnectionRow> findOldestActive(String tenant, String provider) {
        return db.sql("SELECT " + COLUMNS + " FROM sync.intake_connection WHERE tenant = :tenant AND provider = :provider "
                        + "AND status = 'active' ORDER BY created_at, id LIMIT 1")
                .bind("tenant", tenant).bind("provider", provider)
                .map(IntakeConnectionRepository::row)
                .one();
    }

    private static IntakeConnectionRow row(Readable r) {
        OffsetDateTime expires = r.get("previous_secret_expires_at", OffsetDateTime.class);
        Instant expiresAt = expires == null ? null : expires.toInstant();
        return new IntakeConnectionRow(r.get("id", String.class), r.get("tenant", String.class),
                r.get("provider", String.class), r.get("account", String.class), r.get("status", String.class),
                r.get("webhook_secret_enc", String.class), r.get("previous_webhook_secret_enc", String.class),
                expiresAt, r.get("notification_url", String.class));
    }
}
