package io.tillsync.sync.connection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the connections API.
 *
 * @param previousSecretGrace how long the webhook secret replaced by an update keeps being accepted by intake
 *                            (so a platform still signing with the old secret is not rejected during rotation)
 */
@ConfigurationProperties("tillsync.sync.connections")
public record ConnectionProperties(@DefaultValue("24h") Duration previousSecretGrace) {
}
