package io.tillsync.platforms.shopify;

import io.tillsync.platforms.http.RequestLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Shopify's constants: webhook headers, the topics Tillsync understands, the Admin REST API's version and auth header,
 * and its official hosts.
 */
public final class ShopifyPlatform {

    /**
     * Every shop's Admin API is {@code https://{shop}.myshopify.com/admin/api/{version}/...}. Source:
     * shopify.dev/docs/api/admin-rest (base URL {@code https://{store_name}.myshopify.com/admin/api/2024-10}) and
     * shopify-app-js admin-api-client ({@code storeDomain: 'your-shop-name.myshopify.com'}).
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("*.myshopify.com");

    /** base64(HMAC-SHA256(app client secret, raw body)). */
    public static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";
    public static final String TOPIC_HEADER = "X-Shopify-Topic";
    public static final String EVENT_ID_HEADER = "X-Shopify-Event-Id";
    public static final String WEBHOOK_ID_HEADER = "X-Shopify-Webhook-Id";
    public static final String TRIGGERED_AT_HEADER = "X-Shopify-Triggered-At";
    /** Headers worth keeping on the verified record (lower-case). */
    public static final List<String> KEPT_HEADERS = List.of("x-shopify-hmac-sha256", "x-shopify-topic",
            "x-shopify-event-id", "x-shopify-webhook-id", "x-shopify-triggered-at", "x-shopify-shop-domain",
            "x-shopify-api-version");

    public static final String TOPIC_PRODUCT_CREATE = "products/create";
    public static final String TOPIC_PRODUCT_UPDATE = "products/update";
    public static final String TOPIC_PRODUCT_DELETE = "products/delete";
    public static final String TOPIC_INVENTORY_LEVEL_UPDATE = "inventory_levels/update";
    public static final Set<String> CATALOG_TOPICS = Set.of(TOPIC_PRODUCT_CREATE, TOPIC_PRODUCT_UPDATE,
            TOPIC_PRODUCT_DELETE, TOPIC_INVENTORY_LEVEL_UPDATE);

    /** Admin REST API version used unless the deployment names another. */
    public static final String DEFAULT_API_VERSION = "2024-10";
    public static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";

    /** REST list endpoints answer at most 250 records a page ({@code limit} maximum). */
    public static final int MAX_PAGE = 250;
    /**
     * REST Admin API limit (shopify.dev/docs/api/admin-rest/usage/rate-limits): a leaky bucket of 40 requests per app
     * and shop leaking 2 a second (standard plan). Kept as at most 40 requests in any 20 s and 10 in flight, which
     * never overfills the bucket; shops on larger plans may be given more by configuration.
     */
    public static final RequestLimiter.Limit REST_LIMIT = new RequestLimiter.Limit(40, Duration.ofSeconds(20), 10);

    private ShopifyPlatform() {
    }
}
