package io.tillsync.poller.clover;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Clover polling: what is polled, how often, and how politely. Per-merchant overrides live in the connection's
 * settings ({@code poll_interval_seconds}, {@code polling_enabled}), edited through sync-service's connections API.
 *
 * @param enabled            whether this replica polls Clover at all ({@code CLOVER_POLLING_ENABLED})
 * @param defaultInterval    time between two polls of one merchant unless its settings say otherwise
 * @param tick               how often a replica looks for due merchants
 * @param initialDelay       wait after start-up before the first look
 * @param overlap            the next poll reads from {@code last_sync_time - overlap} (clock skew with Clover)
 * @param pageSize           {@code limit} of the modifiedTime listing; a shorter page ends the listing
 * @param idPageSize         {@code limit} of the {@code fields=id} listing of ghost cleanup (Clover allows 1000)
 * @param cleanupEveryPolls  ghost cleanup on every n-th poll of a merchant ...
 * @param cleanupInterval    ... or when the last cleanup is older than this
 * @param workers            merchants polled at once by this replica; more than Clover's 10 requests in flight,
 *                           because a worker spends most of a page waiting for Kafka's acks and Postgres
 * @param leaseTtl           how long a claimed merchant stays ours without progress (renewed on every page)
 * @param defaultBaseUrl     Clover's API when the connection names none
 * @param requestTimeout     timeout of one request (connect timeout and body cap are the outbound layer's)
 * @param alertAfterFailures consecutive failed polls of a merchant that raise a POLL_FAILED alert
 * @param rateLimit          Clover's published limits, enforced before each request
 * @param backoff            what a 429 answer costs
 */
@ConfigurationProperties("tillsync.clover")
public record CloverProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration defaultInterval,
        @DefaultValue("5s") Duration tick,
        @DefaultValue("10s") Duration initialDelay,
        @DefaultValue("60s") Duration overlap,
        @DefaultValue("100") int pageSize,
        @DefaultValue("1000") int idPageSize,
        @DefaultValue("10") int cleanupEveryPolls,
        @DefaultValue("24h") Duration cleanupInterval,
        @DefaultValue("20") int workers,
        @DefaultValue("2m") Duration leaseTtl,
        @DefaultValue("https://api.clover.com") String defaultBaseUrl,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("3") int alertAfterFailures,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Backoff backoff) {

    /**
     * Clover's limits (docs.clover.com, api-usage-rate-limits): 16 requests/s and 5 concurrent per token, 50/s and
     * 10 concurrent per app. With several replicas, give each its share of the app limits.
     */
    public record RateLimit(
            @DefaultValue("16") int tokenPerSecond,
            @DefaultValue("5") int tokenConcurrency,
            @DefaultValue("50") int appPerSecond,
            @DefaultValue("10") int appConcurrency) {
    }

    /**
     * Retries of a request Clover answered 429: waits {@code schedule[i]} before retry i+1, or the answer's
     * {@code Retry-After} when it names one (capped at {@code maxRetryAfter}); after the schedule the poll fails.
     */
    public record Backoff(
            @DefaultValue({"1s", "2s", "4s", "8s"}) List<Duration> schedule,
            @DefaultValue("60s") Duration maxRetryAfter) {
    }
}
