package io.tillsync.poller.poll;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Polling of Toast, Square and Shopify connections (Clover's has its own section, {@code tillsync.clover}). Per
 * connection, {@code settings.poll_interval_seconds} and {@code settings.polling_enabled} override the provider's
 * interval and switch scheduled polls off, as for Clover.
 *
 * @param enabled            whether this replica polls these providers at all ({@code POS_POLLING_ENABLED})
 * @param tick               how often a replica looks for due connections
 * @param initialDelay       wait after start-up before the first look
 * @param workers            connections polled at once by this replica
 * @param leaseTtl           how long a claimed connection stays ours without progress (renewed on every page)
 * @param overlap            an incremental poll reads from {@code last_sync_time - overlap} (clock skew)
 * @param requestTimeout     timeout of one platform request; also bounds the wait for Kafka's acks of a page
 * @param alertAfterFailures consecutive failed polls of a connection that raise a POLL_FAILED alert
 * @param cleanupEveryPolls  ghost cleanup (a full listing) on every n-th poll of a connection ...
 * @param cleanupInterval    ... or when the last cleanup is older than this
 * @param backoff            waits before the retries of a request answered 429 (or its capped Retry-After)
 * @param toast              Toast's interval, base URL and limits
 * @param square             Square's interval, API version, limits and page size
 * @param shopify            Shopify's interval, API version, limits and page size
 */
@ConfigurationProperties("tillsync.poll")
public record PollProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration tick,
        @DefaultValue("10s") Duration initialDelay,
        @DefaultValue("20") int workers,
        @DefaultValue("2m") Duration leaseTtl,
        @DefaultValue("60s") Duration overlap,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("3") int alertAfterFailures,
        @DefaultValue("10") int cleanupEveryPolls,
        @DefaultValue("24h") Duration cleanupInterval,
        @DefaultValue Backoff backoff,
        @DefaultValue Toast toast,
        @DefaultValue Square square,
        @DefaultValue Shopify shopify) {

    /** 429 handling: {@code schedule[i]} before retry i+1, or the answer's Retry-After capped at {@code maxRetryAfter}. */
    public record Backoff(
            @DefaultValue({"1s", "2s", "4s", "8s"}) List<Duration> schedule,
            @DefaultValue("60s") Duration maxRetryAfter) {
    }

    /**
     * @param interval       time between two polls of one restaurant ({@code TOAST_POLL_INTERVAL})
     * @param defaultBaseUrl Toast's API when the connection names none
     */
    public record Toast(
            @DefaultValue("5m") Duration interval,
            @DefaultValue("https://ws-api.toasttab.com") String defaultBaseUrl) {
    }

    /**
     * @param interval         time between two polls of one seller ({@code SQUARE_POLL_INTERVAL})
     * @param defaultBaseUrl   Square's API when the connection names none
     * @param apiVersion       {@code Square-Version} header
     * @param requestsPerSecond per token (Square publishes no figure)
     * @param concurrency      per token in flight
     * @param pageSize         SearchCatalogObjects and BatchRetrieveInventoryCounts {@code limit} (1,000 at most)
     */
    public record Square(
            @DefaultValue("5m") Duration interval,
            @DefaultValue("https://connect.squareup.com") String defaultBaseUrl,
            @DefaultValue("2025-01-23") String apiVersion,
            @DefaultValue("10") int requestsPerSecond,
            @DefaultValue("5") int concurrency,
            @DefaultValue("1000") int pageSize) {
    }

    /**
     * @param interval      time between two polls of one shop ({@code SHOPIFY_POLL_INTERVAL})
     * @param apiVersion    Admin REST API version
     * @param bucketSize    the REST leaky bucket's size per shop (40 standard)
     * @param leakPerSecond its leak rate (2 standard, 4 Advanced, 20 Plus)
     * @param concurrency   requests per shop in flight
     * @param pageSize      {@code limit} of products and inventory level listings (250 at most)
     */
    public record Shopify(
            @DefaultValue("5m") Duration interval,
            @DefaultValue("2024-10") String apiVersion,
            @DefaultValue("40") int bucketSize,
            @DefaultValue("2") int leakPerSecond,
            @DefaultValue("10") int concurrency,
            @DefaultValue("250") int pageSize) {
    }
}
