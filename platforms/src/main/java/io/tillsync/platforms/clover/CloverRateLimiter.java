package io.tillsync.platforms.clover;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

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
 * each second (16 per 1.02 s at a 20 ms round trip).
 */
public final class CloverRateLimiter {

    /** Held while a request is in flight; closing it when the answer arrived starts the slot's last second. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

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
    private final Window app;
    private final Map<String, Window> tokens = new HashMap<>();
    private final Object lock = new Object();

    public CloverRateLimiter(Limits limits) {
        this.limits = limits;
        this.app = new Window(limits.appPerSecond(), limits.appConcurrency());
    }

    /** Waits until a request with this token may be sent; the caller sends it and closes the permit on the answer. */
    public Permit acquire(String token) throws InterruptedException {
        synchronized (lock) {
            Window tokenWindow = tokens.computeIfAbsent(token,
                    t -> new Window(limits.tokenPerSecond(), limits.tokenConcurrency()));
            while (true) {
                long now = System.nanoTime();
                long tokenWait = tokenWindow.waitNanos(now);
                long appWait = app.waitNanos(now);
                if (tokenWait == 0 && appWait == 0) {
                    tokenWindow.inFlight++;
                    app.inFlight++;
                    return () -> release(tokenWindow);
                }
                long wait = Math.max(tokenWait, appWait);
                if (wait == Long.MAX_VALUE) {
                    lock.wait(); // only an answer can free a slot
                } else {
                    lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    private void release(Window tokenWindow) {
        synchronized (lock) {
            long now = System.nanoTime();
            tokenWindow.answered(now);
            app.answered(now);
            lock.notifyAll();
        }
    }

    /** Slots of one limit: requests in flight, and answers of the last second. Guarded by the limiter's lock. */
    private static final class Window {
        private final int perSecond;
        private final int concurrency;
        private final Deque<Long> answered = new ArrayDeque<>();
        private int inFlight;

        Window(int perSecond, int concurrency) {
            this.perSecond = perSecond;
            this.concurrency = concurrency;
        }

        /** 0 when a request may go now; else how long until a slot may free (MAX_VALUE: only an answer frees one). */
        long waitNanos(long now) {
            while (!answered.isEmpty() && now - answered.peekFirst() >= WINDOW_NANOS) {
                answered.pollFirst();
            }
            if (inFlight >= concurrency) {
                return Long.MAX_VALUE;
            }
            if (inFlight + answered.size() < perSecond) {
                return 0;
            }
            return answered.isEmpty() ? Long.MAX_VALUE : Math.max(1, answered.peekFirst() + WINDOW_NANOS - now);
        }

        void answered(long now) {
            inFlight--;
            answered.addLast(now);
        }
    }
}
