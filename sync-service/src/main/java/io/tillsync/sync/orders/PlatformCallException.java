package io.tillsync.sync.orders;

/**
 * A TripleSeat or Revel call that did not succeed (status, timeout, unreadable answer). Its message names the
 * platform, the method and path and the status, and never a credential; it becomes a failed outcome's error.
 */
public class PlatformCallException extends RuntimeException {

    public PlatformCallException(String message) {
        super(message);
    }

    public PlatformCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
