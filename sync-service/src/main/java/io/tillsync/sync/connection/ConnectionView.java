package io.tillsync.sync.connection;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A connection as the API shows it. Secrets appear only as {@code hasWebhookSecret} / {@code hasApiToken};
 * {@code lastVerificationCode} is the last Clover set-up code received at the connection's intake URL (control
 * characters escaped, at most 64 characters; null until one came), for the operator to paste into Clover.
 */
public record ConnectionView(String id, String tenant, String provider, String account, String name, String status,
        String apiBaseUrl, @JsonRawValue String settings, SyncRules rules, boolean hasWebhookSecret,
        boolean hasPreviousWebhookSecret, Instant previousSecretExpiresAt, boolean hasApiToken,
        VerificationCode lastVerificationCode, Instant createdAt, Instant updatedAt) {

    /** A verification code and when it came. */
    public record VerificationCode(String code, Instant receivedAt) {
    }

    static ConnectionView of(Connection c) {
        return new ConnectionView(c.id(), c.tenant(), c.provider(), c.account(), c.name(), c.status(), c.apiBaseUrl(),
                c.settingsJson(), c.rules(), c.hasWebhookSecret(), c.hasPreviousWebhookSecret(),
                c.previousSecretExpiresAt(), c.apiTokenEnc() != null,
                c.verificationCode() == null ? null : new VerificationCode(c.verificationCode(), c.verificationCodeAt()),
                c.createdAt(), c.updatedAt());
    }
}
