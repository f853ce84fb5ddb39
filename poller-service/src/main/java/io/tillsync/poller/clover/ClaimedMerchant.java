package io.tillsync.poller.clover;

import java.time.Instant;

/**
 * A Clover merchant this replica holds the lease of, with what its poll needs: the connection (read through
 * {@code sync.poller_connection}) and the poll state (from {@code poller.clover_merchant}).
 *
 * @param tokenEnc            the connection's API token as stored (SecretBox), decrypted just before use
 * @param tokenHash           md5 of {@code tokenEnc}: remembered when Clover refuses it, so only a new token re-enables
 * @param intervalSetting     {@code settings.poll_interval_seconds} of the connection, unparsed; null = default
 * @param lastSyncTime        start of the last completed poll, null before the first
 * @param rewindTo            read from at least this far back (manual hoursBack, full re-read); null = no rewind
 * @param requestedAt         set when a manual sync asked for this poll
 * @param runStartedAt        this poll's start, database clock; becomes {@code last_sync_time} when it completes
 */
public record ClaimedMerchant(String connectionId, String tenant, String merchantId, String tokenEnc, String tokenHash,
        String baseUrl, String intervalSetting, Instant lastSyncTime, long pollCount, Instant lastCleanupTime,
        Instant rewindTo, Instant requestedAt, String requestedCorrelationId, Instant runStartedAt) {

    @Override
    public String toString() {
        return "ClaimedMerchant[" + connectionId + ", tenant " + tenant + ", merchant " + merchantId + "]";
    }
}
