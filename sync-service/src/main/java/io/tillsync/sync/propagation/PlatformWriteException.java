package io.tillsync.sync.propagation;

/**
 * A platform write failed. {@code transientFailure} (timeouts, I/O, 429, 5xx) is retried with backoff; other
 * failures (401, 403, 404, 422) cannot succeed by retrying and are dead-lettered at once. Messages never carry the
 * platform's response body (it may echo credentials).
 */
public class PlatformWriteException extends RuntimeException {

    private final boolean transientFailure;

    public PlatformWriteException(String message, boolean transientFailure) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
