package io.tillsync.platforms.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A call that left the stack failed: the one exception type for "a platform (or subscriber) call did not work".
 * {@link #transientFailure()} says whether trying again later can help (timeouts, I/O, 429, 5xx); {@link #status()}
 * is the HTTP status when the other side answered, 0 when it did not. The message names what was called (for
 * example "Clover item listing") and never carries the host, the port or the other side's body.
 */
public class PlatformCallException extends RuntimeException {

    private final boolean transientFailure;
    private final int status;
    private final Duration retryAfter;

    public PlatformCallException(String message, boolean transientFailure, int status, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public PlatformCallException(String message, boolean transientFailure, int status) {
        this(message, transientFailure, status, null, null);
    }

    /** The failure for an answer with a non-2xx status: 429 and 5xx are transient, everything else permanent. */
    public static PlatformCallException forStatus(String what, int status, Duration retryAfter) {
        boolean transientFailure = status == 429 || status >= 500;
        return new PlatformCallException(what + " answered " + status, transientFailure, status, retryAfter, null);
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The HTTP status the other side answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Whether the other side said the credentials are not (or no longer) valid: 401 or 403. */
    public boolean unauthorized() {
        return status == 401 || status == 403;
    }

    /** The wait the other side asked for ({@code Retry-After}), when it named one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
