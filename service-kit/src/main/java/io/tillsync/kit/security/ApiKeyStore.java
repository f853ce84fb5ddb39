package io.tillsync.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Issues, resolves and revokes per-tenant API keys ({@code tsk_} + 32 random bytes). Only the SHA-256 of a key is
 * stored; the key itself is shown once, when issued. Resolutions are cached for {@link #CACHE_TTL}, which is how
 * long a revoked key may keep working on a replica that has just used it.
 */
public class ApiKeyStore {

    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Map<String, CachedTenant> cache = new ConcurrentHashMap<>();

    public ApiKeyStore(DatabaseClient db) {
        this.db = db;
    }

    /** A key issued to a tenant; {@code key} is the only time the secret is available. */
    public record IssuedKey(UUID id, String tenant, String name, String key) {
    }

    public Mono<IssuedKey> issue(String tenant, String name) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = "tsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO auth.api_key (id, tenant, name, key_hash) VALUES (:id, :tenant, :name, :hash)")
                .bind("id", id).bind("tenant", tenant).bind("name", name).bind("hash", hash(key))
                .then().thenReturn(new IssuedKey(id, tenant, name, key));
    }

    /** The tenant owning this key, or empty when the key is unknown or revoked. */
    public Mono<String> resolve(String key) {
        String hash = hash(key);
        CachedTenant cached = cache.get(hash);
        if (cached != null && cached.expiresAt > System.nanoTime()) {
            return Mono.just(cached.tenant);
        }
        return db.sql("SELECT tenant FROM auth.api_key WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash).map(row -> row.get("tenant", String.class)).one()
                .doOnNext(tenant -> cache.put(hash, new CachedTenant(tenant, System.nanoTime() + CACHE_TTL.toNanos())));
    }

    public Mono<Boolean> revoke(String tenant, UUID id) {
        return db.sql("UPDATE auth.api_key SET revoked_at = now() WHERE id = :id AND tenant = :tenant AND revoked_at IS NULL")
                .bind("id", id).bind("tenant", tenant).fetch().rowsUpdated().map(n -> n > 0)
                .doOnNext(done -> cache.clear());
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CachedTenant(String tenant, long expiresAt) {
    }
}
