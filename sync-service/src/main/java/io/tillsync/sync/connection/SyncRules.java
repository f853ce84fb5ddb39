package io.tillsync.sync.connection;

/**
 * A connection's sync rules: whether its webhooks are applied in real time, and which kinds of change coming from
 * the tenant's other connections may be written to it.
 */
public record SyncRules(boolean realtimeSyncEnabled, boolean propagateCreates, boolean propagateUpdates,
        boolean propagateDeletes, boolean propagateInventory) {

    /** Everything on: the default of a new connection. */
    public static SyncRules defaults() {
        return new SyncRules(true, true, true, true, true);
    }
}
