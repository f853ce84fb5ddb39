package io.tillsync.sync.propagation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of propagation to a tenant's other platforms (outbox worker, retries, echo recognition).
 *
 * @param enabled        whether this replica runs the outbox worker
 * @param pollInterval   how often the worker looks for due jobs
 * @param batchSize      jobs claimed at once
 * @param lease          how long a claimed job is reserved for the worker that claimed it; renewed every third of it
 *                       while the job is processed, so a crashed worker's jobs are due again within this
 * @param maxAttempts    attempts before a job is dead-lettered
 * @param initialBackoff wait after the first failed attempt; doubled each attempt up to {@code maxBackoff}
 * @param maxBackoff     longest wait between attempts
 * @param writeTimeout   timeout of one platform write
 * @param echoWindow     how long after a write a change with the same content from the target counts as its echo
 */
@ConfigurationProperties("tillsync.sync.propagation")
public record PropagationProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") Duration pollInterval, @DefaultValue("20") int batchSize,
        @DefaultValue("10s") Duration lease, @DefaultValue("6") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff, @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration writeTimeout, @DefaultValue("10m") Duration echoWindow) {

    /** Wait before attempt {@code attempt + 1} after {@code attempt} failed ones. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
