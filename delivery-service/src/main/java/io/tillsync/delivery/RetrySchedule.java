package io.tillsync.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: the configured waits indexed by the number of failures so far, with
 * ±{@code jitter}, never sooner than {@code throttleFloor} after a timeout or a 429, and never sooner than the
 * receiver's {@code Retry-After} (itself capped at {@code maxRetryAfter}). Empty once the schedule is used up.
 *
 * @param waits         wait before the retry following the n-th failure (index n-1)
 * @param jitter        relative jitter, 0.2 = ±20%
 * @param throttleFloor minimum wait after a timeout or 429
 * @param maxRetryAfter cap on a receiver's Retry-After
 * @param random        uniform source in [0, 1)
 */
public record RetrySchedule(List<Duration> waits, double jitter, Duration throttleFloor, Duration maxRetryAfter,
        DoubleSupplier random) {

    /** What the failed attempt tells the schedule. */
    public record Failure(boolean throttledOrTimedOut, Optional<Duration> retryAfter) {

        public static Failure plain() {
            return new Failure(false, Optional.empty());
        }
    }

    /** Retries in all, after the first attempt. */
    public int retries() {
        return waits.size();
    }

    /** The wait before the next attempt, given how many attempts have failed (including this one). */
    public Optional<Duration> next(int failures, Failure failure) {
        if (failures < 1 || failures > waits.size()) {
            return Optional.empty();
        }
        long base = waits.get(failures - 1).toNanos();
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration wait = Duration.ofNanos(Math.round(base * factor));
        if (failure.throttledOrTimedOut() && wait.compareTo(throttleFloor) < 0) {
            wait = throttleFloor;
        }
        if (failure.retryAfter().isPresent()) {
            Duration asked = failure.retryAfter().get();
            Duration bounded = asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
            if (bounded.compareTo(wait) > 0) {
                wait = bounded;
            }
        }
        return Optional.of(wait);
    }
}
