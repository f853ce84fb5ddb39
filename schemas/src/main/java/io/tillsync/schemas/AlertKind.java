package io.tillsync.schemas;

/**
 * What an {@code ops.alerts} record is about. The record carries the name as a string (the {@code kind} field of
 * {@code OpsAlert}), so a consumer built against an older list still reads a newer kind; producers name a kind only
 * through this enum.
 */
public enum AlertKind {
    /** An endpoint failed its 3rd, 5th or further consecutive attempt. */
    DELIVERY_FAILING,
    /** An endpoint was disabled after its consecutive failures. */
    ENDPOINT_DISABLED,
    /** A message's scheduled retries ran out without a successful attempt. */
    DELIVERY_EXHAUSTED,
    /** A platform answered 401/403: the connection's token is no longer valid. */
    TOKEN_INVALID,
    /** A poll of a connection failed. */
    POLL_FAILED,
    /** A write to a tenant's other platform failed for good. */
    PROPAGATION_FAILED
}
