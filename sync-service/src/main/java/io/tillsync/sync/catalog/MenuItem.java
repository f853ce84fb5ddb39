package io.tillsync.sync.catalog;

import java.time.Instant;

/** An item's availability as the API answers it. */
public record MenuItem(String provider, String externalId, String connectionId, String name, boolean available,
        String status, Instant availabilityUpdatedAt, Instant sourceTime) {
}
