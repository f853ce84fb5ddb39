package io.tillsync.delivery.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything tunable about outbound delivery ({@code tillsync.delivery.*}). Defaults are production values; tests
 * shrink the retry schedule to milliseconds.
 *
 * @param retry                  retry schedule and its bounds
 * @param http                   outbound HTTP timeouts and limits
 * @param worker                 the claim-and-send loop
 * @param health                 consecutive-failure alerts and auto-disable
 * @param allowPrivateTargets    allow targets resolving to loopback, private, link-local, CGNAT ... (SSRF guard off)
 * @param allowLoopbackTargets   allow loopback targets only (tests with a local receiver)
 * @param requireHttps           refuse plain-http endpoint URLs (true in the {@code prod} profile)
 * @param previousSecretTtl      how long a rotated-out secret keeps signing alongside the new one
 * @param consumerGroup          Kafka consumer group of the fan-out listener
 * @param retention              how long attempts, deliveries and messages are kept
 */
@ConfigurationProperties("tillsync.delivery")
public record DeliveryProperties(
        @DefaultValue Retry retry,
        @DefaultValue Http http,
        @DefaultValue Worker worker,
        @DefaultValue Health health,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("false") boolean allowLoopbackTargets,
        @DefaultValue("false") boolean requireHttps,
        @DefaultValue("24h") Duration previousSecretTtl,
        @DefaultValue("delivery-service") String consumerGroup,
        @DefaultValue Retention retention) {

    /**
     * @param schedule          wait before retry n after the n-th failure; its length is the number of retries
     * @param jitter            relative jitter applied to each wait (0.2 = ±20%)
     * @param throttleFloor     minimum wait after a timeout or a 429
     * @param maxRetryAfter     upper bound for a receiver's {@code Retry-After}
     */
    public record Retry(
            @DefaultValue({"1m", "5m", "15m", "1h", "4h"}) List<Duration> schedule,
            @DefaultValue("0.2") double jitter,
            @DefaultValue("30s") Duration throttleFloor,
            @DefaultValue("6h") Duration maxRetryAfter) {
    }

    /**
     * @param connectTimeout     TCP connect timeout
     * @param totalTimeout       whole request/response timeout
     * @param maxResponseBody    bytes of the response body kept on the attempt row
     * @param maxConnections     connection pool size (per target host)
     */
    public record Http(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("15s") Duration totalTimeout,
            @DefaultValue("10240") int maxResponseBody,
            @DefaultValue("512") int maxConnections) {
    }

    /**
     * @param maxInFlight      sends in flight on this replica (non-blocking: a slot is a socket, not a thread)
     * @param perEndpoint      sends in flight per healthy endpoint to start with; the bound then adapts to the
     *                         endpoint's answers (grows while its median latency holds and it answers no 429/5xx or
     *                         timeout, halves on those)
     * @param perEndpointMax   most sends in flight per endpoint however well it answers, so one endpoint cannot take
     *                         every slot
     * @param perFailingEndpoint sends in flight per endpoint whose last attempt failed (or that has a failure
     *                         streak): a failing or hanging endpoint is probed, not flooded
     * @param maxUnrecorded    results waiting to be written before this replica stops claiming (back-pressure)
     * @param slowAfter        an endpoint with sends in flight and none answered for this long counts as failing (a
     *                         hanging endpoint is found before its first timeout, not 15 s later)
     * @param failingBackoff   how long the due backlog of a failing endpoint at its bound is set aside, so that claims
     *                         do not wade through it while only probes go out (at most once per period per endpoint)
     * @param claimBatch       most deliveries claimed by one query
     * @param claimConcurrency claims running at once on this replica
     * @param pollInterval     how often an idle worker looks for due deliveries
     * @param lease            how long a claimed delivery stays invisible to other workers; renewed every third of it
     *                         while its send or the write of its result is in flight, so it may be shorter than the
     *                         HTTP timeout: a crashed replica's claims come back after at most this long
     * @param recordBatch      most attempt results written by one statement
     * @param recordInterval   longest wait before buffered attempt results are written
     * @param enabled          run the sender on this replica
     */
    public record Worker(
            @DefaultValue("1024") int maxInFlight,
            @DefaultValue("32") int perEndpoint,
            @DefaultValue("256") int perEndpointMax,
            @DefaultValue("2") int perFailingEndpoint,
            @DefaultValue("4096") int maxUnrecorded,
            @DefaultValue("2s") Duration slowAfter,
            @DefaultValue("30s") Duration failingBackoff,
            @DefaultValue("256") int claimBatch,
            @DefaultValue("2") int claimConcurrency,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("10s") Duration lease,
            @DefaultValue("256") int recordBatch,
            @DefaultValue("20ms") Duration recordInterval,
            @DefaultValue("true") boolean enabled) {
    }

    /**
     * @param alertAt     consecutive failures that raise an ops alert
     * @param disableAt   consecutive failures that disable the endpoint
     * @param disableAfter the failures must also span at least this long before the endpoint is disabled (0 = the
     *                    count alone decides, the Standard Webhooks rule; Svix waits 5 days)
     */
    public record Health(
            @DefaultValue({"3", "5", "10"}) List<Integer> alertAt,
            @DefaultValue("10") int disableAt,
            @DefaultValue("0s") Duration disableAfter) {
    }

    /**
     * Windows after which finished rows are deleted (0 = keep forever), in batches of {@code batch} rows every
     * {@code interval}, so no purge holds a lock for long.
     *
     * @param attempts   attempt rows older than this
     * @param deliveries finished (not pending) deliveries last changed longer ago than this, with their attempts
     * @param messages   messages older than this without a pending delivery, with their deliveries and attempts
     * @param batch      rows deleted by one statement
     * @param interval   pause between purge rounds
     */
    public record Retention(
            @DefaultValue("30d") Duration attempts,
            @DefaultValue("30d") Duration deliveries,
            @DefaultValue("90d") Duration messages,
            @DefaultValue("1000") int batch,
            @DefaultValue("1m") Duration interval) {
    }
}
