package io.tillsync.kit.security;

import io.r2dbc.spi.ConnectionFactory;
import io.tillsync.kit.db.ChangeNotifications;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * API-key authentication for the management APIs of every service. The key table lives in schema {@code auth},
 * migrated here with a Flyway history of its own so each service can start first.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(DatabaseClient.class)
public class SecurityKitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityKitConfiguration.class);
    /** Development-only key (32 zero-free bytes, public): local stack and tests. */
    static final String DEV_SECRET_KEY = "dGlsbHN5bmMtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=";
    /** The operator key deploy/stack.sh uses when none is given (public). */
    static final String DEV_OPERATOR_KEY = "local-operator-key";
    static final int MIN_OPERATOR_KEY = 16;

    /**
     * The tenant-key store. The {@code auth} schema is migrated by the service whose database role may create in it:
     * sync-service under the least-privilege roles ({@code deploy/postgres/roles.sql}: it issues the keys, the others
     * only read them), every service when all connect as one owner (a superuser, say).
     */
    @Bean
    public ChangeNotifications changeNotifications(ConnectionFactory connectionFactory,
            @Value("${tillsync.notifications.max-backoff:5s}") Duration maxBackoff) {
        return new ChangeNotifications(connectionFactory, maxBackoff);
    }

    @Bean
    public ApiKeyStore apiKeyStore(DatabaseClient db, ChangeNotifications notifications, @Value("${spring.flyway.url}") String url,
            @Value("${spring.flyway.user}") String user, @Value("${spring.flyway.password:}") String password) {
        if (mayCreateIn("auth", url, user, password)) {
            Flyway.configure().dataSource(url, user, password).schemas("auth").defaultSchema("auth")
                    .locations("classpath:db/auth").table("flyway_history_auth").load().migrate();
        } else {
            log.info("Database role {} may not create in schema auth: its tables are migrated by their owner (sync-service)", user);
        }
        return new ApiKeyStore(db, notifications);
    }

    private static boolean mayCreateIn(String schema, String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN to_regnamespace(?) IS NULL "
                     + "THEN has_database_privilege(current_database(), 'CREATE') ELSE has_schema_privilege(?, 'CREATE') END")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reach the database at " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }

    /**
     * The box for secrets stored encrypted: {@code TILLSYNC_SECRET_KEY} active, {@code TILLSYNC_SECRET_KEYS_DECRYPT_ONLY}
     * (comma-separated) for values written before a rotation. Outside development mode
     * ({@code TILLSYNC_DEV_MODE=true}) a missing key or the repository's development key stops the start.
     */
    @Bean
    public SecretBox secretBox(@Value("${tillsync.security.secret-key:}") String key,
            @Value("${tillsync.security.secret-keys-decrypt-only:}") String decryptOnly,
            @Value("${tillsync.security.dev-mode:false}") boolean devMode) {
        if (key.isBlank() || key.trim().equals(DEV_SECRET_KEY)) {
            if (!devMode) {
                throw new InsecureConfigurationException(key.isBlank()
                        ? "TILLSYNC_SECRET_KEY is not set: stored platform secrets would be encrypted with the public development key"
                        : "TILLSYNC_SECRET_KEY is the public development key from the repository",
                        "Set TILLSYNC_SECRET_KEY to base64 of 32 random bytes (openssl rand -base64 32), or on a developer "
                                + "machine only set TILLSYNC_DEV_MODE=true.");
            }
            log.warn("Development mode (TILLSYNC_DEV_MODE=true): stored secrets use {}", key.isBlank()
                    ? "the built-in development key" : "the development key");
            key = DEV_SECRET_KEY;
        }
        try {
            return SecretBox.fromBase64(key, decryptOnly);
        } catch (IllegalArgumentException e) {
            throw new InsecureConfigurationException("TILLSYNC_SECRET_KEY or TILLSYNC_SECRET_KEYS_DECRYPT_ONLY is not "
                    + "base64 of exactly 32 bytes", "Generate a key with: openssl rand -base64 32");
        }
    }

    /** Re-encryption of this service's stored secrets, where the service declares them. */
    @Bean
    @ConditionalOnBean(StoredSecrets.class)
    public SecretReencryption secretReencryption(DatabaseClient db, SecretBox box, StoredSecrets secrets) {
        return new SecretReencryption(db, box, secrets);
    }

    @Bean
    @ConditionalOnBean(StoredSecrets.class)
    public SecretsController secretsController(SecretReencryption reencryption) {
        return new SecretsController(reencryption);
    }

    @Bean
    public ApiKeyWebFilter apiKeyWebFilter(ApiKeyStore keys, @Value("${tillsync.security.operator-key:}") String operatorKey,
            @Value("${tillsync.security.tenant-keys:true}") boolean tenantKeys,
            @Value("${tillsync.security.protected-paths:/api/**}") List<String> protectedPaths,
            @Value("${tillsync.security.dev-mode:false}") boolean devMode) {
        checkOperatorKey(operatorKey, devMode);
        return new ApiKeyWebFilter(tenantKeys ? keys : null, operatorKey, protectedPaths);
    }

    /**
     * Outside development mode the operator key must be set, must not be the launcher's development value and must be
     * at least {@value #MIN_OPERATOR_KEY} characters.
     */
    static void checkOperatorKey(String operatorKey, boolean devMode) {
        String problem = operatorKey.isBlank() ? "OPERATOR_API_KEY is not set"
                : DEV_OPERATOR_KEY.equals(operatorKey.trim()) ? "OPERATOR_API_KEY is the public development value"
                : operatorKey.trim().length() < MIN_OPERATOR_KEY ? "OPERATOR_API_KEY is shorter than " + MIN_OPERATOR_KEY + " characters"
                : null;
        if (problem == null) {
            return;
        }
        if (!devMode) {
            throw new InsecureConfigurationException(problem, "Set OPERATOR_API_KEY to a long random value (openssl "
                    + "rand -base64 32), or on a developer machine only set TILLSYNC_DEV_MODE=true.");
        }
        log.warn("Development mode (TILLSYNC_DEV_MODE=true): {}", problem);
    }
}
