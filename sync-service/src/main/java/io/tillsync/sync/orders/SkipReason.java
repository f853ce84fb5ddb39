package io.tillsync.sync.orders;

import java.util.Locale;

/** Why an event was not injected although nothing failed. Codes are stable: they appear in the API and metrics. */
public enum SkipReason {
    /** Revel already has an order with the event's local_id (or this service injected it before). */
    DUPLICATE,
    /** The event's local date is outside the venue's time gate (see {@link TimeGate}). */
    OUTSIDE_TIME_GATE,
    /** TripleSeat marks the event cancelled or lost. */
    CANCELLED,
    /** TripleSeat deleted the event (DELETE_EVENT webhook). */
    DELETED,
    /** TripleSeat does not know the event (404). */
    NOT_FOUND,
    /** The event has no date, so the time gate cannot be applied. */
    NO_DATE,
    /** The event has no items to order. */
    NO_ITEMS,
    /** Another run (webhook, manual or scheduled, on any replica) held the event past the lock timeout. */
    IN_PROGRESS;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether no later run can change the answer, so the event leaves the open queue. */
    boolean isFinal() {
        return this == DUPLICATE || this == CANCELLED || this == DELETED || this == NOT_FOUND;
    }
}
