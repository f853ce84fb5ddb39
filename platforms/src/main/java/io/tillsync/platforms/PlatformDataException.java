package io.tillsync.platforms;

/**
 * A platform sent data Tillsync cannot use: a body that is not the JSON it should be, a field missing, a number out
 * of range. Permanent: the same bytes will fail the same way, so callers never retry it. The message names the field
 * and the rule, never a secret; it may quote a short offending value.
 */
public class PlatformDataException extends RuntimeException {

    public PlatformDataException(String message) {
        super(message, null, false, false);
    }
}
