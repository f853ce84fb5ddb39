package io.tillsync.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import io.tillsync.kit.db.ChangeNotifications;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Issues, lists, resolves and revokes per-tenant API keys ({@code tsk_} + 32 random bytes). Only the SHA-256 of a key
 * is stored; the key itself is shown once, when issued, and never listed. Resolutions are cached for
 * {@link #CACHE_TTL}; every change of {@code auth.api_key} is announced on {@link #CHANNEL} (a trigger), and each
 * replica drops its cache when it hears it, so a revoked key stops working everywhere within the notification's
 * delay (milliseconds) — the TTL only bounds it while the notifications are down.
 */
public class ApiKeyStore {

    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    /** Postgres notification channel of {@code auth.api_key} changes (payload: the tenant). */
    public static final String CHANNEL = "tillsync_api_key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Map<String, CachedTenant> cache = new ConcurrentHashMap<>();

    public ApiKeyStore(DatabaseClient db, ChangeNotifications notifications) {
        this.db = db;
        if (notifications != null) {
            notifications.subscribe(CHANNEL, tenant -> cache.clear(), cache::clear);
        }
    }

    /** A key as listed: never the key nor its hash. */
    public record KeyInfo(UUID id, String tenant, String name, Instant createdAt, Instant revokedAt) {
    }

    /** The tenant's keys, revoked ones included, oldest first. */
    public Flux<KeyInfo> list(String tenant) {
        return db.sql("SELECT id, tenant, name, created_at, revoked_at FROM auth.api_key WHERE tenant = :tenant"
                        + " ORDER BY created_at, id")
                .bind("tenant", tenant)
                .map(row -> new KeyInfo(row.get("id", UUID.class), row.get("tenant", String.class),
                        row.get("name", String.class), row.get("created_at", Instant.class),
                        row.get("revoked_at", Instant.class)))
                .all();
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

    /** True when the tenant's key was active and is now revoked; false when unknown, another tenant's, or revoked. */
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
