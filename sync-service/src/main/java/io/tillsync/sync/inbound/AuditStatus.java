package io.tillsync.sync.inbound;

import java.util.Locale;

/**
 * Where a webhook's audit row stands ({@code sync.webhook_audit.status}, stored lower-case): {@code received} and
 * {@code retrying} are still to be processed; {@code processed}, {@code ignored}, {@code failed} and
 * {@code duplicate} are final.
 */
public enum AuditStatus {
    RECEIVED, RETRYING, PROCESSED, IGNORED, FAILED, DUPLICATE;

    /** The word stored in the database and shown by the API. */
    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a row in this state still has to be processed (a redelivered record retries it). */
    public boolean pending() {
        return this == RECEIVED || this == RETRYING;
    }

    /** The status stored as {@code word}. */
    public static AuditStatus of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
