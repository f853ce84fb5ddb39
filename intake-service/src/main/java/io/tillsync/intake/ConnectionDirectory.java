package io.tillsync.intake;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tillsync.intake.config.IntakeProperties;
import io.tillsync.intake.store.IntakeConnectionRepository;
import io.tillsync.intake.store.IntakeConnectionRow;
import io.tillsync.kit.db.ChangeNotifications;
import io.tillsync.kit.security.SecretBox;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * The connections intake verifies against, read from Postgres and kept in memory.
 *
 * <p>A connection seen once stays cached; after {@code connection-refresh} the next request re-reads it in the
 * background while the cached copy keeps answering. If Postgres is down that re-read fails and the last known entry is
 * kept, so known connections go on verifying through a short outage. Unknown connections are remembered only for
 * {@code unknown-connection-ttl}, so a newly created connection is found quickly. A connection that is not cached while
 * Postgres is down cannot be resolved: the caller answers 503 and the platform retries.
 *
 * <p>Changes take effect at once: sync-service's {@code sync.connection} announces every change on
 * {@link #CHANNEL} (a trigger; payload {@code tenant:connectionId}), and {@link #followChanges} drops the tenant's
 * cached entries when it hears it, so a disabled connection, a rotated secret or a revoked previous secret applies
 * to the next request on every replica. While notifications are down the refresh above is the backstop; after they
 * come back everything cached is dropped, since changes may have been missed.
 */
public class ConnectionDirectory {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(5);
    /** Postgres notification channel of connection changes (sync-service's trigger on {@code sync.connection}). */
    public static final String CHANNEL = "tillsync_connection";

    private final AsyncLoadingCache<ConnectionRef, Optional<IntakeConnection>> cache;
    private final IntakeConnectionRepository repository;
    private final SecretBox secrets;

    public ConnectionDirectory(IntakeConnectionRepository repository, SecretBox secrets, IntakeProperties properties,
            Ticker ticker) {
        this.repository = repository;
        this.secrets = secrets;
        long unknownTtl = properties.unknownConnectionTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // maintenance on the calling thread: a hand-off to the common pool per read costs a thread wake-up
                .executor(Runnable::run)
                .maximumSize(100_000)
                .refreshAfterWrite(properties.connectionRefresh())
                .expireAfter(new Expiry<ConnectionRef, Optional<IntakeConnection>>() {
                    @Override
                    public long expireAfterCreate(ConnectionRef key, Optional<IntakeConnection> value, long currentTime) {
                        return value.isPresent() ? Long.MAX_VALUE : unknownTtl;
                    }

                    @Override
                    public long expireAfterUpdate(ConnectionRef key, Optional<IntakeConnection> value, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(ConnectionRef key, Optional<IntakeConnection> value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .buildAsync((ref, executor) -> load(ref).toFuture());
    }

    /**
     * The active connection the reference names, empty if there is none (unknown, other tenant's, disabled), or a
     * {@link StoreUnavailableException} if it is not cached and Postgres cannot be read. A cached connection is
     * answered as a plain value, without operators on the future: that is every request but the first.
     */
    public Mono<IntakeConnection> resolve(ConnectionRef ref) {
        CompletableFuture<Optional<IntakeConnection>> cached = cache.get(ref);
        if (cached.isDone() && !cached.isCompletedExceptionally()) {
            return Mono.justOrEmpty(cached.join().filter(IntakeConnection::active));
        }
        return Mono.fromFuture(cached, true)
                .onErrorMap(e -> new StoreUnavailableException(ref, e))
                .flatMap(connection -> Mono.justOrEmpty(connection.filter(IntakeConnection::active)));
    }

    /** Follows connection changes announced by Postgres (see the class comment). */
    public void followChanges(ChangeNotifications notifications) {
        notifications.subscribe(CHANNEL, this::changed, () -> cache.synchronous().invalidateAll());
    }

    /** Drops every cached entry of the tenant named by a {@code tenant:connectionId} payload. */
    void changed(String payload) {
        int colon = payload.indexOf(':');
        String tenant = colon < 0 ? payload : payload.substring(0, colon);
        cache.synchronous().invalidateAll(cache.synchronous().asMap().keySet().stream()
                .filter(ref -> ref.tenant().equals(tenant)).toList());
    }

    /** The connection is not cached and Postgres could not be read. */
    public static final class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(ConnectionRef ref, Throwable cause) {
            super("connection registry unreachable for " + ref + ": " + cause, cause);
        }
    }

    private Mono<Optional<IntakeConnection>> load(ConnectionRef ref) {
        Mono<IntakeConnectionRow> row = ref.id() == null
                ? repository.findOldestActive(ref.tenant(), ref.provider())
                : repository.find(ref.tenant(), ref.provider(), ref.id());
        return row.map(this::decrypt).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .timeout(LOAD_TIMEOUT);
    }

    private IntakeConnection decrypt(IntakeConnectionRow row) {
        return new IntakeConnection(row.id(), row.tenant(), row.provider(), row.account(), "active".equals(row.status()),
                secrets.decrypt(row.webhookSecretEnc()), secrets.decrypt(row.previousWebhookSecretEnc()),
                row.previousSecretExpiresAt(), row.notificationUrl());
    }
}
