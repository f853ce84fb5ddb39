package io.tillsync.platforms.tripleseat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import reactor.core.publisher.Mono;

/**
 * TripleSeat's request budget per credential ({@link TripleSeatPlatform#REQUESTS_PER_SECOND} on the events and leads
 * endpoints, support.tripleseat.com "API Events Endpoint"): a Bucket4j token bucket per credential, refilled
 * greedily; a call beyond the budget waits its turn (reserved, so waiters are served in order) instead of drawing a
 * 429. Per JVM: replicas sharing one credential each keep their own budget (documented in ORDERS.md).
 */
public final class TripleSeatRateLimit {

    private static final ScheduledExecutorService WAITS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tripleseat-rate-limit");
        t.setDaemon(true);
        return t;
    });

    private final int perSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TripleSeatRateLimit(int perSecond) {
        this.perSecond = Math.max(1, perSecond);
    }

    /** Completes when the credential may make one more call. */
    public Mono<Void> permit(String credentialKey) {
        Bucket bucket = buckets.computeIfAbsent(credentialKey, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
        if (bucket.tryConsume(1)) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> bucket.asScheduler().consume(1, WAITS));
    }
}
