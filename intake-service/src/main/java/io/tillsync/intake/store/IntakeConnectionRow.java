package io.tillsync.intake.store;

import java.time.Instant;

/**
 * One row of {@code sync.intake_connection} as stored: secrets still encrypted with the kit's SecretBox.
 */
public record IntakeConnectionRow(String id, String tenant, String provider, String account, String status,
        String webhookSecretEnc, String previousWebhookSecretEnc, Instant previousSecretExpiresAt,
        String notificationUrl) {

    @Override
    public String toString() {
        return "IntakeConnectionRow[id=" + id + ", tenant=" + tenant + ", provider=" + provider + ", status=" + status + "]";
    }
}
