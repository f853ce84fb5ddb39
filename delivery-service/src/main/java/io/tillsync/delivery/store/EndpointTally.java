package io.tillsync.delivery.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One endpoint's results within a batch, in completion order folded to: whether any attempt succeeded, the failures
 * after the last success (or all of them), the latest success and failure times, and the first failure after the
 * last success.
 */
public record EndpointTally(UUID endpointId, boolean hadSuccess, int trailingFailures, Instant lastSuccess,
        Instant lastFailure, Instant firstTrailingFailure) {
}
