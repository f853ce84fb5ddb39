package io.tillsync.platforms.http;

import java.time.Duration;

/**
 * How the outbound HTTP layer behaves.
 *
 * @param allowPrivateTargets  loopback and private addresses allowed ({@code TILLSYNC_ALLOW_PRIVATE_TARGETS}; local
 *                             development and tests with local fakes only)
 * @param connectTimeout       limit on establishing a connection
 * @param totalTimeout         limit on a whole exchange, request sent to last body byte read
 * @param maxResponseBytes     default cap on a response body; a request may set its own
 * @param maxConnections       connection pool size per target host
 */
public record OutboundSettings(boolean allowPrivateTargets, Duration connectTimeout, Duration totalTimeout,
        int maxResponseBytes, int maxConnections) {

    /** Defaults for platform APIs: private targets refused, 5 s to connect, 30 s in all, 4 MiB bodies. */
    public static OutboundSettings defaults() {
        return new OutboundSettings(false, Duration.ofSeconds(5), Duration.ofSeconds(30), 4 * 1024 * 1024, 500);
    }

    public OutboundSettings withAllowPrivateTargets(boolean allow) {
        return new OutboundSettings(allow, connectTimeout, totalTimeout, maxResponseBytes, maxConnections);
    }
}
