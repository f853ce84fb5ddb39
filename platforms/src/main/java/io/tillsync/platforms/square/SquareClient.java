package io.tillsync.platforms.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.avro.Variant;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.WriteResult;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.PolledCalls;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Square's API through {@link OutboundHttp} (bearer token, {@code Square-Version} header). Reading:
 * SearchCatalogObjects ({@code POST /v2/catalog/search}) for ITEMs changed since a time, deleted ones included,
 * following the cursor (at most {@link SquarePlatform#CATALOG_SEARCH_MAX_PAGES} pages). Writing: items are upserted
 * with {@code POST /v2/catalog/object} (an ITEM with its ITEM_VARIATIONs, temporary {@code #} ids on create, the
 * stored version on update), deleted with {@code DELETE /v2/catalog/object/{id}}, counted with a PHYSICAL_COUNT
 * through {@code POST /v2/inventory/changes/batch-create}, and marked sold out at a location
 * ({@code location_overrides[].sold_out}, unconfirmed: partial-object semantics of the upsert). Every write carries
 * the caller's idempotency key, so a retried write is not applied twice. Money goes in minor units (two-decimal
 * currencies assumed).
 */
public final class SquareClient {

    private final OutboundHttp http;
    private final String version;
    private final Duration timeout;
    private final Clock clock;
    private final PolledCalls polled;
    private final RequestLimiter.Limit pollLimit;

    public SquareClient(OutboundHttp http, String version, Duration timeout, Clock clock) {
        this(http, version, timeout, clock, null, null);
    }

    /** A client that can also poll: {@code polled} carries the limiter and 429 backoff, {@code pollLimit} per token. */
    public SquareClient(OutboundHttp http, String version, Duration timeout, Clock clock, PolledCalls polled,
            RequestLimiter.Limit pollLimit) {
        this.http = http;
        this.version = version;
        this.timeout = timeout;
        this.clock = clock;
        this.polled = polled;
        this.pollLimit = pollLimit;
    }

    /**
     * One page of SearchCatalogObjects ({@code POST /v2/catalog/search}) for ITEMs: changed since {@code beginTime}
     * with deleted ones ({@code is_deleted}) when it is given, every live ITEM when it is null (a full listing);
     * {@code limit} up to {@link SquarePlatform#CATALOG_SEARCH_MAX_PAGE}. The answer's {@code objects} and
     * {@code cursor} (absent on the last page). Blocking.
     */
    public SquareCatalogMapper.Page<SquareCatalogMapper.PolledItem> searchCatalogPage(ApiTarget target,
            Instant beginTime, String cursor, int limit, ChangeSource source, Instant at, String locationId) {
        ObjectNode body = PlatformJson.newObject();
        body.putArray("object_types").add("ITEM");
        body.put("include_deleted_objects", beginTime != null);
        if (beginTime != null) {
            body.put("begin_time", beginTime.toString());
        }
        body.put("limit", limit);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return SquareCatalogMapper.polledItems(source,
                pollCall(target, "/v2/catalog/search", "Square catalog search", "catalog", body), at, locationId);
    }

    /**
     * One page of BatchRetrieveInventoryCounts ({@code POST /v2/inventory/counts/batch-retrieve}): counts whose
     * {@code calculated_at} is after {@code updatedAfter} (every count when null), newest first, up to {@code limit}
     * ({@link SquarePlatform#INVENTORY_COUNTS_MAX_PAGE}); {@code counts} and {@code cursor}. Blocking.
     */
    public SquareCatalogMapper.Page<SquareCatalogMapper.PolledCount> inventoryCountsPage(ApiTarget target,
            Instant updatedAfter, String cursor, int limit, ChangeSource source, Instant fallback) {
        ObjectNode body = PlatformJson.newObject();
        if (updatedAfter != null) {
            body.put("updated_after", updatedAfter.toString());
        }
        body.put("limit", limit);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return SquareCatalogMapper.polledCounts(source, pollCall(target, "/v2/inventory/counts/batch-retrieve",
                "Square inventory counts", "inventory", body), fallback);
    }

    private JsonNode pollCall(ApiTarget target, String path, String what, String kind, JsonNode body) {
        if (polled == null) {
            throw new IllegalStateException("this SquareClient was built without polling support");
        }
        OutboundRequest request = OutboundRequest.of("POST", target.uri(path), what,
                        body.toString().getBytes(StandardCharsets.UTF_8))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .bearer(target.requireToken(what)).header(SquarePlatform.VERSION_HEADER, version).timeout(timeout);
        return JsonCalls.read(polled.send(target.requireToken(what), pollLimit, request, kind));
    }

    /** ITEM objects changed since {@code beginTime}, deleted ones included, page after page. */
    public Flux<JsonNode> catalogChangedSince(ApiTarget target, Instant beginTime) {
        return page(target, beginTime, null)
                .expand(page -> {
                    String cursor = PlatformJson.text(page, "cursor");
                    return cursor == null || cursor.isBlank() ? Mono.empty() : page(target, beginTime, cursor);
                })
                .take(SquarePlatform.CATALOG_SEARCH_MAX_PAGES)
                .concatMapIterable(page -> page.path("objects"));
    }

    private Mono<JsonNode> page(ApiTarget target, Instant beginTime, String cursor) {
        ObjectNode body = PlatformJson.newObject();
        body.putArray("object_types").add("ITEM");
        body.put("include_deleted_objects", true);
        body.put("begin_time", beginTime.toString());
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return call(target, "POST", "/v2/catalog/search", "Square catalog search", body);
    }

    /** Creates ({@code targetItemId} null) or updates an ITEM with its variations. */
    public Mono<WriteResult> upsertItem(ApiTarget target, String idempotencyKey, String targetItemId,
            Map<String, String> link, String title, List<Variant> variants) {
        boolean create = targetItemId == null;
        ObjectNode body = PlatformJson.newObject().put("idempotency_key", idempotencyKey);
        ObjectNode item = body.putObject("object").put("type", "ITEM").put("id", create ? "#item" : targetItemId);
        if (!create && link.get("version") != null) {
            item.put("version", Long.parseLong(link.get("version")));
        }
        ObjectNode data = item.putObject("item_data").put("name", title);
        ArrayNode variations = data.putArray("variations");
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            String id = create || i > 0 || link.get("variation_id") == null ? "#variation" + i : link.get("variation_id");
            ObjectNode vd = variations.addObject().put("type", "ITEM_VARIATION").put("id", id)
                    .putObject("item_variation_data");
            vd.put("name", v.getTitle() == null ? title : v.getTitle());
            if (v.getSku() != null) {
                vd.put("sku", v.getSku());
            }
            if (v.getPrice() != null) {
                vd.put("pricing_type", "FIXED_PRICING");
                vd.putObject("price_money")
                        .put("amount", v.getPrice().movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact())
                        .put("currency", v.getCurrency() == null ? "USD" : v.getCurrency());
            } else {
                vd.put("pricing_type", "VARIABLE_PRICING");
            }
        }
        return call(target, "POST", "/v2/catalog/object", "Square POST /v2/catalog/object", body).map(answer -> {
            JsonNode object = answer.path("catalog_object");
            String id = PlatformJson.text(object, "id");
            if (id == null) {
                throw new PlatformCallException("Square catalog upsert answered no object id", false, 200);
            }
            Map<String, String> attributes = new HashMap<>();
            Map<String, String> variantLinks = new HashMap<>();
            String answeredVersion = PlatformJson.text(object, "version");
            if (answeredVersion != null) {
                attributes.put("version", answeredVersion);
            }
            JsonNode answered = object.path("item_data").path("variations");
            for (int i = 0; i < answered.size() && i < variants.size(); i++) {
                String variationId = PlatformJson.text(answered.get(i), "id");
                if (variationId != null) {
                    if (i == 0) {
                        attributes.put("variation_id", variationId);
                    }
                    variantLinks.put(variants.get(i).getVariantId(), variationId);
                }
            }
            return new WriteResult(id, attributes, variantLinks);
        });
    }

    public Mono<WriteResult> deleteObject(ApiTarget target, String objectId) {
        return call(target, "DELETE", "/v2/catalog/object/" + objectId, "Square DELETE /v2/catalog/object/{id}", null)
                .thenReturn(WriteResult.of(objectId));
    }

    /** A PHYSICAL_COUNT of the variation at the location, IN_STOCK, as of now. */
    public Mono<WriteResult> setCount(ApiTarget target, String idempotencyKey, String variationId, String locationId,
            BigDecimal quantity, String targetItemId) {
        ObjectNode body = PlatformJson.newObject().put("idempotency_key", idempotencyKey);
        ObjectNode count = body.putArray("changes").addObject().put("type", "PHYSICAL_COUNT")
                .putObject("physical_count");
        count.put("catalog_object_id", variationId).put("location_id", locationId).put("state", "IN_STOCK")
                .put("quantity", quantity.stripTrailingZeros().toPlainString())
                .put("occurred_at", clock.instant().toString());
        return call(target, "POST", "/v2/inventory/changes/batch-create",
                "Square POST /v2/inventory/changes/batch-create", body).thenReturn(WriteResult.of(targetItemId));
    }

    /** Marks the variation sold out (or not) at the location (all locations when {@code locationId} is null). */
    public Mono<WriteResult> setSoldOut(ApiTarget target, String idempotencyKey, String itemId, String variationId,
            String locationId, boolean soldOut) {
        ObjectNode body = PlatformJson.newObject().put("idempotency_key", idempotencyKey);
        ObjectNode object = body.putObject("object").put("type", "ITEM_VARIATION").put("id", variationId);
        ObjectNode data = object.putObject("item_variation_data").put("item_id", itemId);
        ObjectNode override = data.putArray("location_overrides").addObject().put("sold_out", soldOut);
        if (locationId != null) {
            override.put("location_id", locationId);
        }
        return call(target, "POST", "/v2/catalog/object", "Square POST /v2/catalog/object", body)
                .thenReturn(WriteResult.of(itemId));
    }

    private Mono<JsonNode> call(ApiTarget target, String method, String path, String what, JsonNode body) {
        return Mono.defer(() -> {
            byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
            OutboundRequest request = OutboundRequest.of(method, target.uri(path), what, bytes)
                    .header("Accept", "application/json").bearer(target.requireToken(what))
                    .header(SquarePlatform.VERSION_HEADER, version).timeout(timeout);
            return JsonCalls.send(http, request, false);
        });
    }
}
