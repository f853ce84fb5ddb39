package io.tillsync.sync.inbound;

/**
 * A provider API call failed. {@code transientFailure} (timeouts, I/O, 429, 5xx) is retried and finally
 * dead-lettered; anything else (401, 403, other 4xx) is a permanent failure of the webhook being processed.
 */
public class ProviderApiException extends RuntimeException {

    private final boolean transientFailure;

    public ProviderApiException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
