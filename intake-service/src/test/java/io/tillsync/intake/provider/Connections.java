package io.tillsync.intake.provider;

import io.tillsync.intake.IntakeConnection;
import java.time.Instant;

/** Connections for adapter tests. */
final class Connections {

    private Connections() {
    }

    static IntakeConnection withSecret(String provider, String secret) {
        return new IntakeConnection("conn-1", "tenant-1", provider, "acct", true, secret, null, null, null);
    }

    static IntakeConnection rotated(String provider, String secret, String previous, Instant previousExpiresAt) {
        return new IntakeConnection("conn-1", "tenant-1", provider, "acct", true, secret, previous, previousExpiresAt, null);
    }

    static IntakeConnection square(String key, String notificationUrl) {
        return new IntakeConnection("conn-1", "tenant-1", "square", "acct", true, key, null, null, notificationUrl);
    }
}
