package io.tillsync.poller.poll;

/** Another replica holds the connection now (our lease expired); the poll stops without touching its state. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String connectionId) {
        super("lease on connection " + connectionId + " lost");
    }
}
