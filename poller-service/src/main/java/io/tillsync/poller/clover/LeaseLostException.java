package io.tillsync.poller.clover;

/**
 * This replica's lease on a merchant expired and was taken (or released) meanwhile: it must stop polling that
 * merchant without touching its state. What it already published stays published; duplicates are harmless.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String connectionId) {
        super("lease on clover connection " + connectionId + " lost");
    }
}
