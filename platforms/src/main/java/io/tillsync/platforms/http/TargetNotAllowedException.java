package io.tillsync.platforms.http;

/**
 * The address a call would connect to is not allowed (loopback, private, link-local, metadata, ... while private
 * targets are not allowed), or the URL itself is unusable. Permanent. API answers map it to
 * {@code 400 target_not_allowed} and never say what the address did.
 */
public class TargetNotAllowedException extends PlatformCallException {

    public TargetNotAllowedException(String message) {
        super(message, false, 0);
    }
}
