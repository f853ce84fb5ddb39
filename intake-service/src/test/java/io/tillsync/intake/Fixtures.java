package io.tillsync.intake;

import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.testsupport.TestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;

/**
 * Test data on the real Postgres: sync-service's own migrations (read from its source tree, never copied) and
 * connections inserted the way sync-service stores them, secrets sealed with the app's SecretBox.
 */
public final class Fixtures {

    private static boolean migrated;

    private Fixtures() {
    }

    public static synchronized void migrateSync() {
        if (!migrated) {
            TestStack.Database db = TestStack.start().database();
            Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("sync").defaultSchema("sync")
                    .locations("filesystem:" + TestStack.findUp(Path.of("sync-service/src/main/resources/db/sync")))
                    .load().migrate();
            migrated = true;
        }
    }

    public static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Inserts a connection and returns its id. */
    public static String connection(SecretBox box, String tenant, String provider, String secret, String previousSecret,
            Instant previousExpiresAt, String notificationUrl, String status, Instant createdAt) {
        migrateSync();
        String id = "conn_" + UUID.randomUUID();
        try (Connection c = TestStack.start().database().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync.connection (id, tenant, provider, account, status, "
                     + "webhook_secret_enc, previous_webhook_secret_enc, previous_secret_expires_at, settings, created_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setString(1, id);
            ps.setString(2, tenant);
            ps.setString(3, provider);
            ps.setString(4, "acct-" + provider);
            ps.setString(5, status);
            ps.setString(6, box.encrypt(secret, SecretField.CONNECTION_WEBHOOK_SECRET.at(id)));
            ps.setString(7, box.encrypt(previousSecret, SecretField.CONNECTION_WEBHOOK_SECRET.at(id)));
            ps.setTimestamp(8, previousExpiresAt == null ? null : Timestamp.from(previousExpiresAt));
            ps.setString(9, notificationUrl == null ? "{}" : "{\"notification_url\":\"" + notificationUrl + "\"}");
            ps.setTimestamp(10, Timestamp.from(createdAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static String connection(SecretBox box, String tenant, String provider, String secret) {
        return connection(box, tenant, provider, secret, null, null, null, "active", Instant.now());
    }

    public static void execute(String sql, Object... args) {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 over the concatenated parts (test-side implementation, independent of the adapters). */
    public static byte[] hmac(byte[] key, String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String p : parts) {
                mac.update(p.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hmacBase64(String secret, String... parts) {
        return Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), parts));
    }
}
