package io.tillsync.intake.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and timings of the webhook gateway ({@code tillsync.intake.*}). How long a request waits for the broker's
 * acknowledgement before it is answered 503 is the producer's own deadline: {@code max.block.ms} plus {@code
 * delivery.timeout.ms} (application.yml).
 *
 * @param maxBodyBytes             largest body accepted (413 above it)
 * @param retryAfter               the {@code Retry-After} sent with 503
 * @param rateLimitPerMinute       verified requests per connection and minute, per replica (429 above it)
 * @param connectionRefresh        age after which a cached connection is re-read from Postgres (kept if that fails)
 * @param unknownConnectionTtl     how long "no such connection" is remembered, so unknown ids do not hammer Postgres
 * @param standardWebhooksTolerance accepted distance between {@code webhook-timestamp} and now
 * @param toastTimestampTolerance  accepted distance between Toast's {@code Toast-Timestamp} and now
 */
@ConfigurationProperties("tillsync.intake")
public record IntakeProperties(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("100") int rateLimitPerMinute,
        @DefaultValue("30s") Duration connectionRefresh,
        @DefaultValue("5s") Duration unknownConnectionTtl,
        @DefaultValue("5m") Duration standardWebhooksTolerance,
        @DefaultValue("5m") Duration toastTimestampTolerance) {
}
