package io.tillsync.sync.connection;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads and writes {@code sync.connection}. Secrets arrive here already encrypted; every read selects only whether a
 * webhook secret exists, never the secret, and the API token only in its encrypted form.
 */
@Repository
public class ConnectionStore {

    private static final String COLUMNS = """
            id, tenant, provider, account, name, status,
            webhook_secret_enc IS NOT NULL AS has_webhook_secret,
            previous_webhook_secret_enc IS NOT NULL AND (previous_secret_expires_at IS NULL OR previous_secret_expires_at > now())
                AS has_previous_webhook_secret,
            previous_secret_expires_at, api_token_enc, api_base_url, settings::text AS settings,
            realtime_sync_enabled, propagate_creates, propagate_updates, propagate_deletes, propagate_inventory,
            verification_code, verification_code_at, created_at, updated_at""";

    private final DatabaseClient db;

    public ConnectionStore(DatabaseClient db) {
        this.db = db;
    }

    /** What a new connection is made of; secrets already encrypted. */
    public record NewConnection(String id, String tenant, String provider, String account, String name,
            String webhookSecretEnc, String apiTokenEnc, String apiBaseUrl, String settingsJson, SyncRules rules,
            Instant now) {
    }

    /** A partial update: null means keep. {@code previousSecretExpiresAt} applies when a new webhook secret is set. */
    public record ConnectionUpdate(String account, String name, String status, String webhookSecretEnc,
            Instant previousSecretExpiresAt, String apiTokenEnc, String apiBaseUrl, String settingsJson,
            Boolean realtimeSyncEnabled, Boolean propagateCreates, Boolean propagateUpdates, Boolean propagateDeletes,
            Boolean propagateInventory, Instant now) {
    }

    public Mono<Connection> create(NewConnection c) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO connection (id, tenant, provider, account, name, webhook_secret_enc, api_token_enc,
                    api_base_url, settings, realtime_sync_enabled, propagate_creates, propagate_updates,
                    propagate_deletes, propagate_inventory, created_at, updated_at)
                VALUES (:id, :tenant, :provider, :account, :name, :secret, :token, :baseUrl, CAST(:settings AS jsonb),
                    :realtime, :creates, :updates, :deletes, :inventory, :now, :now)
                RETURNING\s""" + COLUMNS)
                .bind("id", c.id()).bind("tenant", c.tenant()).bind("provider", c.provider())
                .bind("settings", c.settingsJson()).bind("now", c.now())
                .bind("realtime", c.rules().realtimeSyncEnabled()).bind("creates", c.rules().propagateCreates())
                .bind("updates", c.rules().propagateUpdates()).bind("deletes", c.rules().propagateDeletes())
                .bind("inventory", c.rules().propagateInventory());
        spec = bind(spec, "account", c.account(), String.class);
        spec = bind(spec, "name", c.name(), String.class);
        spec = bind(spec, "secret", c.webhookSecretEnc(), String.class);
        spec = bind(spec, "token", c.apiTokenEnc(), String.class);
        spec = bind(spec, "baseUrl", c.apiBaseUrl(), String.class);
        return spec.map(ConnectionStore::read).one();
    }

    public Flux<Connection> list(String tenant) {
        return db.sql("SELECT " + COLUMNS + " FROM connection WHERE tenant = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant).map(ConnectionStore::read).all();
    }

    /** The tenant's connection with this id; empty when it does not exist or belongs to another tenant. */
    public Mono<Connection> find(String tenant, String id) {
        return db.sql("SELECT " + COLUMNS + " FROM connection WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant).bind("id", id).map(ConnectionStore::read).one();
    }

    /** Connections by id, whatever their tenant (for the webhook listener, which trusts intake's connection id). */
    public Flux<Connection> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM connection WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(String[]::new)).map(ConnectionStore::read).all();
    }

    /** The tenant's active connections of the given providers. */
    public Flux<Connection> active(String tenant, List<String> providers) {
        return db.sql("SELECT " + COLUMNS + " FROM connection WHERE tenant = :tenant AND status = 'active'"
                        + " AND provider = ANY(:providers) ORDER BY created_at, id")
                .bind("tenant", tenant).bind("providers", providers.toArray(String[]::new))
                .map(ConnectionStore::read).all();
    }

    /**
     * Applies a partial update. A new webhook secret moves the current one to {@code previous_webhook_secret_enc},
     * still accepted until {@code previousSecretExpiresAt}, so rotation does not drop in-flight webhooks.
     */
    public Mono<Connection> update(String tenant, String id, ConnectionUpdate u) {
        GenericExecuteSpec spec = db.sql("""
                UPDATE connection SET
                    account = COALESCE(:account, account),
                    name = COALESCE(:name, name),
                    status = COALESCE(:status, status),
                    previous_webhook_secret_enc = CASE WHEN CAST(:secret AS text) IS NULL THEN previous_webhook_secret_enc
                        ELSE webhook_secret_enc END,
                    previous_secret_expires_at = CASE WHEN CAST(:secret AS text) IS NULL THEN previous_secret_expires_at
                        WHEN webhook_secret_enc IS NULL THEN NULL ELSE CAST(:previousExpires AS timestamptz) END,
                    webhook_secret_enc = COALESCE(:secret, webhook_secret_enc),
                    api_token_enc = COALESCE(:token, api_token_enc),
                    api_base_url = COALESCE(:baseUrl, api_base_url),
                    settings = COALESCE(CAST(:settings AS jsonb), settings),
                    realtime_sync_enabled = COALESCE(:realtime, realtime_sync_enabled),
                    propagate_creates = COALESCE(:creates, propagate_creates),
                    propagate_updates = COALESCE(:updates, propagate_updates),
                    propagate_deletes = COALESCE(:deletes, propagate_deletes),
                    propagate_inventory = COALESCE(:inventory, propagate_inventory),
                    updated_at = :now
                WHERE tenant = :tenant AND id = :id
                RETURNING\s""" + COLUMNS)
                .bind("tenant", tenant).bind("id", id).bind("now", u.now());
        spec = bind(spec, "account", u.account(), String.class);
        spec = bind(spec, "name", u.name(), String.class);
        spec = bind(spec, "status", u.status(), String.class);
        spec = bind(spec, "secret", u.webhookSecretEnc(), String.class);
        spec = bind(spec, "previousExpires", u.previousSecretExpiresAt(), Instant.class);
        spec = bind(spec, "token", u.apiTokenEnc(), String.class);
        spec = bind(spec, "baseUrl", u.apiBaseUrl(), String.class);
        spec = bind(spec, "settings", u.settingsJson(), String.class);
        spec = bind(spec, "realtime", u.realtimeSyncEnabled(), Boolean.class);
        spec = bind(spec, "creates", u.propagateCreates(), Boolean.class);
        spec = bind(spec, "updates", u.propagateUpdates(), Boolean.class);
        spec = bind(spec, "deletes", u.propagateDeletes(), Boolean.class);
        spec = bind(spec, "inventory", u.propagateInventory(), Boolean.class);
        return spec.map(ConnectionStore::read).one();
    }

    /**
     * Ends the rotation grace of the tenant's connection now: the previous webhook secret is erased, so only the
     * current one verifies. Empty when the connection does not exist or belongs to another tenant.
     */
    public Mono<Connection> revokePreviousSecret(String tenant, String id, Instant now) {
        return db.sql("""
                UPDATE connection SET previous_webhook_secret_enc = NULL, previous_secret_expires_at = NULL, updated_at = :now
                WHERE tenant = :tenant AND id = :id
                RETURNING\s""" + COLUMNS)
                .bind("tenant", tenant).bind("id", id).bind("now", now).map(ConnectionStore::read).one();
    }

    /** Keeps the last verification code received for a connection (already escaped and cut by the caller). */
    public Mono<Void> recordVerificationCode(String id, String code, Instant at) {
        return db.sql("UPDATE connection SET verification_code = :code, verification_code_at = :at WHERE id = :id")
                .bind("id", id).bind("code", code).bind("at", at).then();
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static Connection read(Readable row) {
        return new Connection(row.get("id", String.class), row.get("tenant", String.class),
                row.get("provider", String.class), row.get("account", String.class), row.get("name", String.class),
                row.get("status", String.class), Boolean.TRUE.equals(row.get("has_webhook_secret", Boolean.class)),
                Boolean.TRUE.equals(row.get("has_previous_webhook_secret", Boolean.class)),
                row.get("previous_secret_expires_at", Instant.class), row.get("api_token_enc", String.class),
                row.get("api_base_url", String.class), row.get("settings", String.class),
                new SyncRules(row.get("realtime_sync_enabled", Boolean.class), row.get("propagate_creates", Boolean.class),
                        row.get("propagate_updates", Boolean.class), row.get("propagate_deletes", Boolean.class),
                        row.get("propagate_inventory", Boolean.class)),
                row.get("verification_code", String.class), row.get("verification_code_at", Instant.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
