package io.tillsync.sync.connection;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A connection as the API shows it. Secrets appear only as {@code hasWebhookSecret} / {@code hasApiToken}.
 */
public record ConnectionView(String id, String tenant, String provider, String account, String name, String status,
        String apiBaseUrl, @JsonRawValue String settings, SyncRules rules, boolean hasWebhookSecret,
        boolean hasPreviousWebhookSecret, Instant previousSecretExpiresAt, boolean hasApiToken, Instant createdAt,
        Instant updatedAt) {

    static ConnectionView of(Connection c) {
        return new ConnectionView(c.id(), c.tenant(), c.provider(), c.account(), c.name(), c.status(), c.apiBaseUrl(),
                c.settingsJson(), c.rules(), c.hasWebhookSecret(), c.hasPreviousWebhookSecret(),
                c.previousSecretExpiresAt(), c.apiTokenEnc() != null, c.createdAt(), c.updatedAt());
    }
}
