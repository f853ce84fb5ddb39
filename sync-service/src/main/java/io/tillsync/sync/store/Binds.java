package io.tillsync.sync.store;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Binding helpers for the catalog stores: nullable values bind as typed nulls. */
final class Binds {

    private Binds() {
    }

    static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, Object value, Class<?> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
