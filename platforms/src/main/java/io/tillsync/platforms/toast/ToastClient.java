package io.tillsync.platforms.toast;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.PolledCalls;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.platforms.json.PlatformJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Toast's API through {@link OutboundHttp} with the connection's bearer token and the restaurant header
 * ({@link ToastPlatform#RESTAURANT_HEADER}, which also makes Toast rate-limit per restaurant). The webhook path uses
 * {@link #menus}; polling uses the blocking calls, which go through {@link PolledCalls} (rate limits of
 * {@link ToastPlatform}, 429 backoff, 401/403 as {@code unauthorized()}).
 */
public final class ToastClient {

    private final OutboundHttp http;
    private final Duration timeout;
    private final PolledCalls polled;

    public ToastClient(OutboundHttp http, Duration timeout) {
        this(http, timeout, null);
    }

    /** A client that can also poll ({@code polled} carries the limiter and the 429 backoff). */
    public ToastClient(OutboundHttp http, Duration timeout, PolledCalls polled) {
        this.http = http;
        this.timeout = timeout;
        this.polled = polled;
    }

    /** The restaurant's published menus: {@code GET /menus/v2/menus} with {@code Toast-Restaurant-External-ID}. */
    public Mono<JsonNode> menus(ApiTarget target, String restaurantGuid) {
        return Mono.defer(() -> JsonCalls.send(http, request(target, "/menus/v2/menus", "Toast menus fetch",
                restaurantGuid), false));
    }

    /**
     * {@code GET /menus/v2/metadata}: when the restaurant last published its menus ({@code lastUpdated}); Toast asks
     * that {@code /menus} be fetched only when this is newer than the menus one holds. Null when Toast names none.
     */
    public Instant menusLastUpdated(ApiTarget target, String restaurantGuid) {
        JsonNode body = poll(target, "/menus/v2/metadata", "Toast menus metadata", restaurantGuid, "metadata",
                ToastPlatform.DEFAULT_LIMIT, "");
        return PlatformJson.time(body, "lastUpdated");
    }

    /**
     * {@code GET /menus/v2/menus}, blocking, within the menus endpoint's own limit of one request a second: the items
     * as upserts stamped with {@code lastUpdated} (the metadata's, else the document's, else {@code fallback}).
     */
    public ToastCatalogMapper.PolledMenus menusNow(ApiTarget target, String restaurantGuid, ChangeSource source,
            Instant lastUpdated, Instant fallback) {
        JsonNode document = poll(target, "/menus/v2/menus", "Toast menus fetch", restaurantGuid, "menus",
                ToastPlatform.MENUS_LIMIT, "menus:");
        Instant published = lastUpdated != null ? lastUpdated : PlatformJson.time(document, "lastUpdated");
        return ToastCatalogMapper.polledMenus(source, document, published != null ? published : fallback);
    }

    /**
     * {@code GET /stock/v1/inventory}: the {@code MenuItemInventory} of every item whose status is
     * {@code OUT_OF_STOCK} or {@code QUANTITY} (Toast leaves IN_STOCK items out: an item missing here is in stock).
     */
    public List<ToastCatalogMapper.StockItem> stockInventory(ApiTarget target, String restaurantGuid) {
        JsonNode body = poll(target, "/stock/v1/inventory", "Toast stock inventory", restaurantGuid, "stock",
                ToastPlatform.DEFAULT_LIMIT, "");
        if (!body.isArray()) {
            throw new PlatformCallException("Toast stock inventory answered something other than a JSON array", false, 200);
        }
        return ToastCatalogMapper.stockItems(body);
    }

    private JsonNode poll(ApiTarget target, String path, String what, String restaurant, String kind,
            RequestLimiter.Limit limit, String keyPrefix) {
        if (polled == null) {
            throw new IllegalStateException("this ToastClient was built without polling support");
        }
        return JsonCalls.read(polled.send(keyPrefix + restaurant, limit, request(target, path, what, restaurant), kind));
    }

    private OutboundRequest request(ApiTarget target, String path, String what, String restaurantGuid) {
        return OutboundRequest.get(target.uri(path), what).header("Accept", "application/json")
                .bearer(target.requireToken(what)).header(ToastPlatform.RESTAURANT_HEADER, restaurantGuid)
                .timeout(timeout);
    }
}
