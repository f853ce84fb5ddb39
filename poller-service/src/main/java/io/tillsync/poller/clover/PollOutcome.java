package io.tillsync.poller.clover;

/** How one poll of one merchant ended. */
public enum PollOutcome {
    /** Every page published and the state moved forward. */
    COMPLETED,
    /** Clover answered 401; the merchant waits for a new token, an alert was raised. */
    TOKEN_INVALID,
    /** Clover or Kafka failed; the state stayed where it was and the next poll re-reads. */
    FAILED,
    /** Another replica took the merchant over (our lease had expired); we stopped without touching its state. */
    LEASE_LOST,
    /** This replica is stopping; the merchant was given back untouched. */
    INTERRUPTED
}
