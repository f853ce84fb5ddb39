package io.tillsync.kit.security;

import io.r2dbc.spi.ConnectionFactory;
import io.tillsync.kit.db.ChangeNotifications;
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

    @Bean
    public ChangeNotifications changeNotifications(ConnectionFactory connectionFactory,
            @Value("${tillsync.notifications.max-backoff:5s}") Duration maxBackoff) {
        return new ChangeNotifications(connectionFactory, maxBackoff);
    }

    @Bean
    public ApiKeyStore apiKeyStore(DatabaseClient db, ChangeNotifications notifications, @Value("${spring.flyway.url}") String url,
            @Value("${spring.flyway.user}") String user, @Value("${spring.flyway.password:}") String password) {
        Flyway.configure().dataSource(url, user, password).schemas("auth").defaultSchema("auth")
                .locations("classpath:db/auth").table("flyway_history_auth").load().migrate();
        return new ApiKeyStore(db, notifications);
    }

    /**
     * The box for secrets stored encrypted. Without {@code TILLSYNC_SECRET_KEY} a fixed development key is used and
     * a warning logged: fine on a laptop, never in production.
     */
    @Bean
    public SecretBox secretBox(@Value("${tillsync.security.secret-key:}") String key) {
        if (key.isBlank()) {
            log.warn("TILLSYNC_SECRET_KEY not set: using the built-in development key for stored secrets");
            return SecretBox.fromBase64(DEV_SECRET_KEY);
        }
        return SecretBox.fromBase64(key);
    }

    @Bean
    public ApiKeyWebFilter apiKeyWebFilter(ApiKeyStore keys, @Value("${tillsync.security.operator-key:}") String operatorKey,
            @Value("${tillsync.security.protected-paths:/api/**}") List<String> protectedPaths) {
        if (operatorKey.isBlank()) {
            log.warn("No operator key configured (OPERATOR_API_KEY): only tenant API keys can call the management APIs");
        }
        return new ApiKeyWebFilter(keys, operatorKey, protectedPaths);
    }
}
