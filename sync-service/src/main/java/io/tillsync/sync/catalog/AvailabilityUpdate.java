package io.tillsync.sync.catalog;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import java.time.Instant;

/** One availability change to apply to {@code menu_item}, taken from a {@link CatalogChange}. */
public record AvailabilityUpdate(String tenant, String provider, String externalId, String connectionId, String name,
        boolean available, String status, Instant sourceTime, String changeId) {

    public static AvailabilityUpdate of(CatalogChange change, AvailabilityChange availability) {
        return new AvailabilityUpdate(change.getTenant(), change.getProvider(), change.getItemId(),
                change.getConnectionId(), availability.getName(), availability.getAvailable(),
                availability.getStatus(), change.getSourceTime(), change.getChangeId());
    }

    /** The row this update targets. */
    public String key() {
        return tenant + '\u0000' + provider + '\u0000' + externalId;
    }

    /** Whether this update wins over {@code other} under last-writer-wins (source time, then change id). */
    public boolean newerThan(AvailabilityUpdate other) {
        int byTime = sourceTime.compareTo(other.sourceTime);
        return byTime != 0 ? byTime > 0 : changeId.compareTo(other.changeId) > 0;
    }
}
