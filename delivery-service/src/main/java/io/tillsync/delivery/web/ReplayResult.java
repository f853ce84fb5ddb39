package io.tillsync.delivery.web;

/** How many deliveries a resend or recovery made due. */
public record ReplayResult(long deliveries) {
}
