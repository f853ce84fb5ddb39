package io.tillsync.sync.connection;

import java.time.Instant;

/**
 * One tenant's account on one platform as stored: identity, status, API location, settings (JSON text), sync rules,
 * the encrypted API token and the last (Clover) verification code received for it. Never returned over HTTP as is: {@link ConnectionView} is the public shape.
 */
public record Connection(String id, String tenant, String provider, String account, String name, String status,
        boolean hasWebhookSecret, boolean hasPreviousWebhookSecret, Instant previousSecretExpiresAt,
        String apiTokenEnc, String apiBaseUrl, String settingsJson, SyncRules rules, String verificationCode,
        Instant verificationCodeAt, Instant createdAt, Instant updatedAt) {

    public boolean active() {
        return "active".equals(status);
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", tenant=" + tenant + ", provider=" + provider + ", status=" + status + "]";
    }
}
