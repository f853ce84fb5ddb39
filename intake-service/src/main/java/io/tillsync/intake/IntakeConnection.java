package io.tillsync.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection as intake needs it to verify webhooks: who it belongs to and its signing secrets in clear (decrypted
 * from the connection registry). During a rotation the previous secret is still accepted until it expires.
 */
public record IntakeConnection(String id, String tenant, String provider, String account, boolean active,
        String secret, String previousSecret, Instant previousSecretExpiresAt, String notificationUrl) {

    /** The secrets a signature may be made with at {@code now}: the current one, then the previous while valid. */
    public List<String> secretsAt(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
        if (previousSecret != null && !previousSecret.isEmpty() && previousSecretExpiresAt != null
                && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "IntakeConnection[id=" + id + ", tenant=" + tenant + ", provider=" + provider + ", active=" + active
                + ", secrets hidden]";
    }
}
