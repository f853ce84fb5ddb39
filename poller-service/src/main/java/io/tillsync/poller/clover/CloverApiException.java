package io.tillsync.poller.clover;

/**
 * Clover could not be asked or refused the request (5xx, 4xx other than 401, 429 after the whole backoff schedule,
 * transport failure, unreadable body). The poll of that merchant fails and its state stays where it was.
 */
public class CloverApiException extends RuntimeException {

    private final int status;

    public CloverApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status Clover answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
