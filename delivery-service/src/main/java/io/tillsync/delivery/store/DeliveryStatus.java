package io.tillsync.delivery.store;

/**
 * Where a delivery stands: {@code PENDING} (an attempt is due at {@code next_attempt_at}), {@code SUCCEEDED} (a 2xx
 * answered), {@code FAILED} (the retry schedule ran out, the endpoint was disabled, or a manual attempt failed),
 * {@code SKIPPED} (the endpoint was disabled when the message came: no attempt made; recovery resends it). Stored by
 * name in {@code delivery.status}; an attempt's {@code outcome} is SUCCEEDED or FAILED.
 */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED, SKIPPED
}
