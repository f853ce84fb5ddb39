package io.tillsync.platforms.http;

/**
 * The address a call would connect to is not allowed (loopback, private, link-local, metadata, ... while private
 * targets are not allowed), or the URL itself is unusable. Permanent. API answers map it to
 * {@code 400 target_not_allowed} and never say what the address did.
 */
public class TargetNotAllowedException extends PlatformCallException {

    private final String reason;

    public TargetNotAllowedException(String message) {
        this(message, "not-allowed");
    }

    /** @param reason the short category of the refusal ("loopback", "private", "metadata", ...), for logs */
    public TargetNotAllowedException(String message, String reason) {
        super(message, false, 0);
        this.reason = reason;
    }

    /** The short category of the refusal ("loopback", "private", "metadata", "scheme", ...). */
    public String reason() {
        return reason;
    }
}
