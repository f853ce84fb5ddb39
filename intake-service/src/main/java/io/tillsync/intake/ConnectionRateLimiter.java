package io.tillsync.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * Per-connection token bucket: {@code perMinute} requests a minute, refilled continuously, bursts up to
 * {@code perMinute}. The buckets live in this replica's memory, so with N replicas behind a load balancer a connection
 * may get up to N times the configured rate.
 */
public class ConnectionRateLimiter {

    private final double perMinute;
    private final Clock clock;
    private final Cache<String, TokenBucket> buckets;

    public ConnectionRateLimiter(int perMinute, Clock clock) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("rate limit must be positive");
        }
        this.perMinute = perMinute;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2))
                .executor(Runnable::run).build(); // maintenance on the caller: no thread wake-up per request
    }

    /** Takes one token for the connection: {@link Duration#ZERO} if allowed, else how long until one is free. */
    public Duration acquire(String connectionId) {
        return buckets.get(connectionId, id -> new TokenBucket(perMinute, clock.millis())).take(clock.millis());
    }

    private static final class TokenBucket {

        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long updatedAt;

        TokenBucket(double perMinute, long now) {
            this.capacity = perMinute;
            this.perMilli = perMinute / 60_000.0;
            this.tokens = perMinute;
            this.updatedAt = now;
        }

        synchronized Duration take(long now) {
            if (now > updatedAt) {
                tokens = Math.min(capacity, tokens + (now - updatedAt) * perMilli);
                updatedAt = now;
            }
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return Duration.ZERO;
            }
            return Duration.ofMillis((long) Math.ceil((1.0 - tokens) / perMilli));
        }
    }
}
