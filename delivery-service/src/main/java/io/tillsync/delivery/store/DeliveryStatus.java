package io.tillsync.delivery.store;

/**
 * Where a delivery stands: {@code PENDING} (an attempt is due at {@code next_attempt_at}), {@code SUCCEEDED} (a 2xx
 * answered), {@code FAILED} (the retry schedule ran out, the endpoint was disabled, or a manual attempt failed).
 * Stored by name in {@code delivery.status}; an attempt's {@code outcome} uses the last two.
 */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED
}
