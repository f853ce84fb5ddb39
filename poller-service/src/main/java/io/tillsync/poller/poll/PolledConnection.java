package io.tillsync.poller.poll;

import java.time.Instant;

/**
 * A Toast, Square or Shopify connection this replica holds the lease of, with what its poll needs: the connection
 * (read through {@code sync.poller_connection}) and its poll state ({@code poller.poll_connection}).
 *
 * @param account         the platform's account id (Toast restaurant guid, Square merchant, Shopify shop)
 * @param tokenEnc        the API token as stored (SecretBox), decrypted just before use
 * @param tokenHash       md5 of {@code tokenEnc}: remembered when the platform refuses it
 * @param intervalSetting {@code settings.poll_interval_seconds}, unparsed; null = the provider's default
 * @param locationSetting {@code settings.location_id}: the location availability is judged at (Square), or null
 * @param cursor          the provider's resume point from the last completed poll
 * @param runStartedAt    this poll's start, database clock; becomes {@code last_sync_time} when it completes
 */
public record PolledConnection(String connectionId, String tenant, String provider, String account, String tokenEnc,
        String tokenHash, String baseUrl, String intervalSetting, String locationSetting, Instant lastSyncTime,
        String cursor, long pollCount, Instant lastCleanupTime, Instant rewindTo, Instant requestedAt,
        String requestedCorrelationId, Instant runStartedAt) {

    @Override
    public String toString() {
        return "PolledConnection[" + provider + " " + connectionId + ", tenant " + tenant + "]";
    }
}
