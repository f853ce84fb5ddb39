package io.tillsync.kit.security;

import java.nio.charset.StandardCharsets;

/**
 * Where a stored secret lives: its table and logical field. {@link #at} adds the row; the result is the associated
 * data {@link SecretBox} binds each value to. A connection's current and previous webhook secret share one field
 * (rotation moves the value from one column to the other), as do an endpoint's.
 */
public record SecretField(String table, String field) {

    /** {@code sync.connection}: the platform's webhook signing secret (current and previous). */
    public static final SecretField CONNECTION_WEBHOOK_SECRET = new SecretField("sync.connection", "webhook_secret");
    /** {@code sync.connection}: the platform API credential. */
    public static final SecretField CONNECTION_API_TOKEN = new SecretField("sync.connection", "api_token");
    /** {@code delivery.endpoint}: the subscriber's Standard Webhooks signing secret (current and previous). */
    public static final SecretField ENDPOINT_SECRET = new SecretField("delivery.endpoint", "secret");

    public At at(String row) {
        if (row == null || row.isEmpty()) {
            throw new IllegalArgumentException("a stored secret is bound to its row id");
        }
        return new At(this, row);
    }

    /** One field of one row. */
    public record At(SecretField field, String row) {

        byte[] associatedData() {
            return ("tillsync-secret\0" + field.table() + "\0" + row + "\0" + field.field()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return field.table() + "/" + row + "/" + field.field();
        }
    }
}
