package io.tillsync.platforms.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps this replica's calls to one platform within its published limits before they are sent, so a busy poll spends
 * its time waiting here rather than collecting 429s: per key (a token, a restaurant, a shop) at most
 * {@link Limit#count()} requests in any {@link Limit#period()} and {@link Limit#concurrency()} in flight, and the same
 * for all keys together (the app limit). Blocking: the calling worker thread waits.
 *
 * <p>The rule that makes it safe whatever the network does: a request occupies a slot of its window from the moment
 * it is sent until one period after its answer arrived, and a request is sent only while fewer than n slots are
 * occupied. The platform sees each request between our send and our answer, so all requests it counts in any window
 * occupied a slot at that window's end: never more than n. A leaky bucket of capacity c leaking r per second is kept
 * by a window of c requests per c/r seconds (stricter than the bucket, never looser).
 */
public final class RequestLimiter {

    /** Held while a request is in flight; closing it when the answer arrived starts the slot's last period. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** At most {@code count} requests in any {@code period}, {@code concurrency} of them in flight. */
    public record Limit(int count, Duration period, int concurrency) {

        public static Limit perSecond(int count, int concurrency) {
            return new Limit(count, Duration.ofSeconds(1), concurrency);
        }

        /** No limit (a platform that publishes none for this scope). */
        public static Limit none() {
            return new Limit(Integer.MAX_VALUE, Duration.ofSeconds(1), Integer.MAX_VALUE);
        }
    }

    private final Limit appLimit;
    private final Window app;
    private final Map<String, Window> keys = new HashMap<>();
    private final Object lock = new Object();

    public RequestLimiter(Limit appLimit) {
        this.appLimit = appLimit;
        this.app = new Window(appLimit);
    }

    public Limit appLimit() {
        return appLimit;
    }

    /** Waits until a request under this key may be sent; the caller sends it and closes the permit on the answer. */
    public Permit acquire(String key, Limit limit) throws InterruptedException {
        synchronized (lock) {
            Window keyWindow = keys.computeIfAbsent(key, k -> new Window(limit));
            while (true) {
                long now = System.nanoTime();
                long keyWait = keyWindow.waitNanos(now);
                long appWait = app.waitNanos(now);
                if (keyWait == 0 && appWait == 0) {
                    keyWindow.inFlight++;
                    app.inFlight++;
                    return () -> release(keyWindow);
                }
                long wait = Math.max(keyWait, appWait);
                if (wait == Long.MAX_VALUE) {
                    lock.wait(); // only an answer can free a slot
                } else {
                    lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    private void release(Window keyWindow) {
        synchronized (lock) {
            long now = System.nanoTime();
            keyWindow.answered(now);
            app.answered(now);
            lock.notifyAll();
        }
    }

    /** Slots of one limit: requests in flight, and answers of the last period. Guarded by the limiter's lock. */
    private static final class Window {
        private final int count;
        private final long periodNanos;
        private final int concurrency;
        private final Deque<Long> answered = new ArrayDeque<>();
        private int inFlight;

        Window(Limit limit) {
            this.count = limit.count();
            this.periodNanos = limit.period().toNanos();
            this.concurrency = limit.concurrency();
        }

        /** 0 when a request may go now; else how long until a slot may free (MAX_VALUE: only an answer frees one). */
        long waitNanos(long now) {
            while (!answered.isEmpty() && now - answered.peekFirst() >= periodNanos) {
                answered.pollFirst();
            }
            if (inFlight >= concurrency) {
                return Long.MAX_VALUE;
            }
            if ((long) inFlight + answered.size() < count) {
                return 0;
            }
            return answered.isEmpty() ? Long.MAX_VALUE : Math.max(1, answered.peekFirst() + periodNanos - now);
        }

        void answered(long now) {
            inFlight--;
            if (count != Integer.MAX_VALUE) {
                answered.addLast(now);
            }
        }
    }
}
