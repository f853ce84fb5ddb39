package io.tillsync.sync.catalog;

import io.tillsync.platforms.ItemAvailability;
import java.time.Instant;

/**
 * An item's availability as the API answers it. {@code deleted} marks an item its platform deleted (or a full poll
 * no longer finds): it stays listed, unavailable, with status {@code DELETED}.
 */
public record MenuItem(String provider, String externalId, String connectionId, String name, boolean available,
        String status, boolean deleted, Instant availabilityUpdatedAt, Instant sourceTime) {

    public static MenuItem of(String provider, String externalId, String connectionId, String name, boolean available,
            String status, Instant availabilityUpdatedAt, Instant sourceTime) {
        return new MenuItem(provider, externalId, connectionId, name, available, status,
                ItemAvailability.DELETED.equals(status), availabilityUpdatedAt, sourceTime);
    }
}
