package io.tillsync.poller.clover;

import java.time.Instant;

/** The stored poll state of one Clover merchant, as operators and tests read it. */
public record MerchantState(String connectionId, String tenant, String merchantId, Instant lastSyncTime,
        long pollCount, Instant lastCleanupTime, String tokenStatus, Instant nextPollAt, Instant requestedAt,
        Instant rewindTo, String leaseOwner, Integer runOffset, int consecutiveFailures, String lastError,
        Instant lastPolledAt) {
}
