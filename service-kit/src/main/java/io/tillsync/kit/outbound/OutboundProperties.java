package io.tillsync.kit.outbound;

import io.tillsync.platforms.http.OutboundSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The outbound HTTP layer of every service ({@code tillsync.outbound.*}).
 *
 * @param allowPrivateTargets  loopback, private, CGNAT and ULA targets allowed; cloud metadata never is. Set through
 *                             {@code TILLSYNC_ALLOW_PRIVATE_TARGETS} (local development, tests with local fakes)
 * @param connectTimeout       limit on establishing a connection
 * @param totalTimeout         limit on a whole exchange unless a call sets its own
 * @param maxResponseBytes     largest response body read unless a call sets its own cap
 * @param maxConnections       connection pool size per target host
 */
@ConfigurationProperties("tillsync.outbound")
public record OutboundProperties(
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration totalTimeout,
        @DefaultValue("4MB") DataSize maxResponseBytes,
        @DefaultValue("500") int maxConnections) {

    public OutboundSettings settings() {
        return new OutboundSettings(allowPrivateTargets, connectTimeout, totalTimeout,
                Math.toIntExact(maxResponseBytes.toBytes()), maxConnections);
    }
}
