package io.tillsync.platforms.square;

import java.util.List;

/** Square's constants: webhook header and types, API hosts, version header and documented page sizes. */
public final class SquarePlatform {

    /**
     * Production and Sandbox base URLs. Source: developer.squareup.com/docs/testing/sandbox ("The Sandbox base URL is
     * https://connect.squareupsandbox.com ... The production base URL is https://connect.squareup.com").
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("connect.squareup.com", "connect.squareupsandbox.com");
    public static final String DEFAULT_BASE_URL = "https://connect.squareup.com";

    /** base64(HMAC-SHA256(signature key, notification URL + raw body)). */
    public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";
    public static final List<String> KEPT_HEADERS = List.of(SIGNATURE_HEADER, "square-version",
            "square-initial-delivery-timestamp", "square-retry-number", "square-retry-reason");

    public static final String EVENT_INVENTORY_COUNT_UPDATED = "inventory.count.updated";
    public static final String EVENT_CATALOG_VERSION_UPDATED = "catalog.version.updated";

    public static final String VERSION_HEADER = "Square-Version";
    /** API version sent unless the deployment names another. */
    public static final String DEFAULT_API_VERSION = "2025-01-23";

    /** SearchCatalogObjects answers at most 1,000 objects a page (the {@code limit} maximum). */
    public static final int CATALOG_SEARCH_MAX_PAGE = 1000;
    /** BatchRetrieveInventoryCounts answers at most 1,000 counts a page (its {@code limit}, default 1,000). */
    public static final int INVENTORY_COUNTS_MAX_PAGE = 1000;
    /**
     * (unconfirmed) Square publishes no numeric rate limit (developer.squareup.com/docs/build-basics/rate-limits:
     * exceeding one answers 429 {@code RATE_LIMITED}); polling keeps to this per-token figure, configurable.
     */
    public static final int POLL_REQUESTS_PER_SECOND = 10;

    /** Safety bound on pages read for one {@code catalog.version.updated} webhook. */
    public static final int CATALOG_SEARCH_MAX_PAGES = 100;

    private SquarePlatform() {
    }
}
