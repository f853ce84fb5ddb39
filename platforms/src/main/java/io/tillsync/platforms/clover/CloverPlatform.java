package io.tillsync.platforms.clover;

import java.time.Duration;
import java.util.List;

/** Clover's constants: webhook auth header, API hosts, documented rate limits, page sizes and 429 backoff. */
public final class CloverPlatform {

    /**
     * Production per region and sandbox. Source: docs.clover.com/docs/making-rest-api-calls and
     * docs.clover.com/build/web-api (North America https://api.clover.com, Europe https://api.eu.clover.com, Latin
     * America https://api.la.clover.com, sandbox https://apisandbox.dev.clover.com).
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("api.clover.com", "api.eu.clover.com",
            "api.la.clover.com", "apisandbox.dev.clover.com");
    public static final String DEFAULT_BASE_URL = "https://api.clover.com";

    /** App webhooks carry a static auth code in this header (no HMAC); it is the secret itself, never kept. */
    public static final String AUTH_HEADER = "X-Clover-Auth";
    /** Field of the one-off unsigned verification POST sent when a webhook URL is registered. */
    public static final String VERIFICATION_CODE_FIELD = "verificationCode";
    /**
     * Event type intake gives the record of a verification call, so sync-service keeps the code on its connection
     * for the operator (not a Clover name: Clover sends no type with it).
     */
    public static final String VERIFICATION_EVENT_TYPE = "verification_code";
    /** Longest verification code kept or logged; Clover's are short, anything longer is cut. */
    public static final int MAX_VERIFICATION_CODE = 64;
    /** Object id prefix of inventory items in webhooks (unconfirmed by Clover's docs). */
    public static final String ITEM_PREFIX = "I:";

    /** docs.clover.com api-usage-rate-limits: per token 16 requests/s and 5 concurrent; per app 50/s and 10. */
    public static final int TOKEN_REQUESTS_PER_SECOND = 16;
    public static final int TOKEN_CONCURRENCY = 5;
    public static final int APP_REQUESTS_PER_SECOND = 50;
    public static final int APP_CONCURRENCY = 10;
    /** docs.clover.com "Add pagination requests": default 100 elements, at most 1000 per request. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
    /** Waits before the retries of a request answered 429, unless it names a {@code Retry-After}. */
    public static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8));

    private CloverPlatform() {
    }
}
