package io.tillsync.sync.catalog;

import java.time.Instant;

/**
 * A menu item row as the winning change left it. {@code previousAvailable} is null when the change created the row;
 * an {@code item.availability_changed} event is due when it differs from {@code available}.
 */
public record AppliedAvailability(String tenant, String provider, String externalId, String connectionId, String name,
        boolean available, Boolean previousAvailable, Instant availabilityUpdatedAt, String changeId) {

    public boolean flipped() {
        return previousAvailable == null || previousAvailable != available;
    }
}
