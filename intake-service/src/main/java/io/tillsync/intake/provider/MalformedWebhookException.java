package io.tillsync.intake.provider;

/** A verified body that is not the shape the provider sends (missing event type, missing id, ...): answered 400. */
public class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String message) {
        super(message, null, false, false);
    }
}
