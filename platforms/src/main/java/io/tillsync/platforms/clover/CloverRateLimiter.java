package io.tillsync.platforms.clover;

import io.tillsync.platforms.http.RequestLimiter;

/**
 * Keeps this replica's calls within Clover's published limits before they are sent, so a busy poll spends its time
 * waiting here rather than collecting 429s: per token at most {@code tokenPerSecond} requests in any one-second window
 * and {@code tokenConcurrency} in flight; per app (all tokens of this replica) {@code appPerSecond} and
 * {@code appConcurrency}. Blocking: the calling worker thread waits.
 *
 * <p>The rule that makes it safe whatever the network does: a request occupies a slot of its window from the moment
 * it is sent until one second after its answer arrived, and a request is sent only while fewer than n slots are
 * occupied. Clover sees each request between our send and our answer, so all requests Clover counts in any one-second
 * window occupied a slot at that window's end: never more than n. The price is the request's round trip on top of
 * each second (16 per 1.02 s at a 20 ms round trip). The windows are the shared {@link RequestLimiter}'s.
 */
public final class CloverRateLimiter {

    /** Held while a request is in flight; closing it when the answer arrived starts the slot's last second. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The limits to keep. With several replicas, give each its share of the app limits.
     *
     * @param tokenPerSecond   requests per token in any one-second window
     * @param tokenConcurrency requests per token in flight
     * @param appPerSecond     requests of all tokens of this replica in any one-second window
     * @param appConcurrency   requests of all tokens of this replica in flight
     */
    public record Limits(int tokenPerSecond, int tokenConcurrency, int appPerSecond, int appConcurrency) {

        /** Clover's published limits ({@link CloverPlatform}). */
        public static Limits clover() {
            return new Limits(CloverPlatform.TOKEN_REQUESTS_PER_SECOND, CloverPlatform.TOKEN_CONCURRENCY,
                    CloverPlatform.APP_REQUESTS_PER_SECOND, CloverPlatform.APP_CONCURRENCY);
        }
    }

    private final Limits limits;
    private final RequestLimiter limiter;

    public CloverRateLimiter(Limits limits) {
        this.limits = limits;
        this.limiter = new RequestLimiter(RequestLimiter.Limit.perSecond(limits.appPerSecond(), limits.appConcurrency()));
    }

    /** The windows behind this limiter (per-app) and a token's limit, for {@link io.tillsync.platforms.http.PolledCalls}. */
    public RequestLimiter requestLimiter() {
        return limiter;
    }

    public RequestLimiter.Limit tokenLimit() {
        return RequestLimiter.Limit.perSecond(limits.tokenPerSecond(), limits.tokenConcurrency());
    }

    /** Waits until a request with this token may be sent; the caller sends it and closes the permit on the answer. */
    public Permit acquire(String token) throws InterruptedException {
        RequestLimiter.Permit permit = limiter.acquire(token,
                RequestLimiter.Limit.perSecond(limits.tokenPerSecond(), limits.tokenConcurrency()));
        return permit::close;
    }
}
