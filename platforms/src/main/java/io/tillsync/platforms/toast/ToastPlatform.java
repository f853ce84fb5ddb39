package io.tillsync.platforms.toast;

import io.tillsync.platforms.http.RequestLimiter;
import java.util.List;
import java.util.Set;

/** Toast's constants: webhook headers and event types, API hosts and the restaurant header. */
public final class ToastPlatform {

    /**
     * Production {@code ws-api.toasttab.com} and sandbox {@code ws-sandbox-api.eng.toasttab.com}. Toast does not
     * publish the hostnames (doc.toasttab.com/doc/devguide/apiEnvironments.html: its integrations team issues them);
     * the production host is the one Toast's API answers on (api-evangelist toast-tab domain probe) and the sandbox
     * host the default of the tosuto client (libraries.io/rubygems/tosuto). Unconfirmed by Toast's own docs.
     */
    public static final List<String> OFFICIAL_HOSTS = List.of("ws-api.toasttab.com", "ws-sandbox-api.eng.toasttab.com");
    public static final String DEFAULT_BASE_URL = "https://ws-api.toasttab.com";

    /** base64(HMAC-SHA256(subscription secret, body + timestamp)) (doc.toasttab.com apiMessageSigning). */
    public static final String SIGNATURE_HEADER = "Toast-Signature";
    /** (unconfirmed) Header holding the timestamp appended to the body before signing. */
    public static final String TIMESTAMP_HEADER = "Toast-Timestamp";
    public static final String RESTAURANT_HEADER = "Toast-Restaurant-External-ID";
    public static final List<String> KEPT_HEADERS = List.of("toast-signature", "toast-timestamp",
            "toast-restaurant-external-id");

    public static final String CATEGORY_STOCK = "stock";
    public static final String CATEGORY_MENUS = "menus";
    public static final String EVENT_OUT_OF_STOCK = "out_of_stock";
    public static final String EVENT_IN_STOCK = "in_stock";
    public static final String EVENT_LOW_QUANTITY = "low_quantity";
    public static final String EVENT_MENUS_UPDATED = "menus_updated";
    public static final Set<String> STOCK_EVENTS = Set.of(EVENT_OUT_OF_STOCK, EVENT_IN_STOCK, EVENT_LOW_QUANTITY);

    /**
     * Toast's default API limit (doc.toasttab.com/doc/devguide/apiRateLimiting.html): 20 requests per second and
     * 10,000 per 15 minutes per client, applied per restaurant when {@link #RESTAURANT_HEADER} is sent. The
     * per-second limit is kept here; the 15-minute one is far above what a poll every few minutes uses.
     */
    public static final RequestLimiter.Limit DEFAULT_LIMIT = RequestLimiter.Limit.perSecond(20, 20);
    /** {@code GET /menus} has its own limit: one request per second per restaurant (same page). */
    public static final RequestLimiter.Limit MENUS_LIMIT = RequestLimiter.Limit.perSecond(1, 1);
    /** The stock API's statuses (doc.toasttab.com apiUsingTheStockApi): /inventory lists only the last two. */
    public static final String STOCK_IN_STOCK = "IN_STOCK";
    public static final String STOCK_OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String STOCK_QUANTITY = "QUANTITY";

    private ToastPlatform() {
    }
}
