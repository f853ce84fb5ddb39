package io.tillsync.sync.inbound;

/** A webhook that can never be turned into an effect (unknown type, malformed body): audited as failed, no retry. */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message, null, false, false);
    }
}
