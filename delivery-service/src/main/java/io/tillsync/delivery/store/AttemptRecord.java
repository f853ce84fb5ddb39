package io.tillsync.delivery.store;

import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of one attempt, ready to store: the attempt row, and the delivery's next state ({@code newStatus}
 * PENDING with {@code retryInMs}, SUCCEEDED or FAILED). {@code expectedAttempts} fences against a worker whose lease
 * ran out: its result is still logged as an attempt but no longer moves the delivery.
 */
public record AttemptRecord(UUID attemptId, UUID deliveryId, UUID endpointId, int expectedAttempts, boolean succeeded,
        Integer responseStatus, String responseHeadersJson, String responseBody, String error, int durationMs,
        String trigger, Instant startedAt, DeliveryStatus newStatus, long retryInMs) {
}
