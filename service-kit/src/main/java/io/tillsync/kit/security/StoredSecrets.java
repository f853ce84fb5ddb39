package io.tillsync.kit.security;

import java.util.List;

/**
 * The columns of a service's own schema that hold {@link SecretBox} values, declared by the service (as a bean) so
 * {@link SecretReencryption} can rewrite them under the active key.
 */
public record StoredSecrets(List<Column> columns) {

    public StoredSecrets {
        columns = List.copyOf(columns);
        for (Column c : columns) {
            for (String name : List.of(c.table(), c.idColumn(), c.column())) {
                if (!name.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?")) {
                    throw new IllegalArgumentException("not a plain SQL name: " + name);
                }
            }
        }
    }

    /**
     * @param table    schema-qualified table, e.g. {@code sync.connection}
     * @param idColumn the row id the values are bound to
     * @param column   the column holding the stored form
     * @param field    the binding the values were written with
     */
    public record Column(String table, String idColumn, String column, SecretField field) {
    }
}
