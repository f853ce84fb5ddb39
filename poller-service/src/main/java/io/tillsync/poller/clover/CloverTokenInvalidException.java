package io.tillsync.poller.clover;

/** Clover answered 401: the merchant's token was revoked or expired. Retrying with it is pointless. */
public class CloverTokenInvalidException extends CloverApiException {

    public CloverTokenInvalidException(String message) {
        super(message, 401, null);
    }
}
