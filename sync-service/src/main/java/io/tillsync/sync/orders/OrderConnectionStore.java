package io.tillsync.sync.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.r2dbc.spi.Readable;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the tripleseat and revel connections order injection calls, with their API token decrypted for use.
 * Only active connections count; without an id the tenant's oldest active connection of the provider is taken
 * (the same rule intake uses).
 */
@Repository
public class OrderConnectionStore {

    private final DatabaseClient db;
    private final SecretBox secrets;
    private final ObjectMapper json;

    public OrderConnectionStore(DatabaseClient db, SecretBox secrets, ObjectMapper json) {
        this.db = db;
        this.secrets = secrets;
        this.json = json;
    }

    /** The tenant's active connection of {@code provider}: the one with this id, or the oldest when id is null. */
    public Mono<PlatformAccount> active(String tenant, String provider, String connectionId) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                SELECT id, tenant, provider, account, api_token_enc, api_base_url, settings::text AS settings
                FROM sync.connection
                WHERE tenant = :tenant AND provider = :provider AND status = 'active'
                  AND (CAST(:id AS text) IS NULL OR id = :id)
                ORDER BY created_at, id LIMIT 1""")
                .bind("tenant", tenant).bind("provider", provider);
        spec = connectionId == null ? spec.bindNull("id", String.class) : spec.bind("id", connectionId);
        return spec.map(this::read).one();
    }

    /** Every active connection of a provider, oldest first (bulk runs for all tenants). */
    public Flux<PlatformAccount> allActive(String provider) {
        return db.sql("""
                SELECT id, tenant, provider, account, api_token_enc, api_base_url, settings::text AS settings
                FROM sync.connection WHERE provider = :provider AND status = 'active' ORDER BY created_at, id""")
                .bind("provider", provider).map(this::read).all();
    }

    /** Replaces a connection's credential (a rotated TripleSeat refresh token), encrypted with the SecretBox. */
    public Mono<Void> storeCredential(String connectionId, String credential) {
        return db.sql("UPDATE sync.connection SET api_token_enc = :enc, updated_at = now() WHERE id = :id")
                .bind("enc", secrets.encrypt(credential, SecretField.CONNECTION_API_TOKEN.at(connectionId)))
                .bind("id", connectionId).then();
    }

    private PlatformAccount read(Readable row) {
        return new PlatformAccount(row.get("id", String.class), row.get("tenant", String.class),
                row.get("provider", String.class), row.get("account", String.class),
                row.get("api_base_url", String.class), secrets.decrypt(row.get("api_token_enc", String.class),
                        SecretField.CONNECTION_API_TOKEN.at(row.get("id", String.class))),
                settings(row.get("settings", String.class)));
    }

    private JsonNode settings(String text) {
        try {
            return text == null ? json.createObjectNode() : json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }
}
