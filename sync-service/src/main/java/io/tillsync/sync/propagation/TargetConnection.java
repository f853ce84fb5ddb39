package io.tillsync.sync.propagation;

/** A connection changes may be written to: an active connection of a platform Tillsync has a writer for. */
public record TargetConnection(String id, String tenant, String provider, boolean propagateCreates,
        boolean propagateUpdates, boolean propagateDeletes, boolean propagateInventory) {
}
