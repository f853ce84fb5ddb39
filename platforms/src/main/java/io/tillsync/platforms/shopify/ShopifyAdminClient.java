package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.avro.Variant;
import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.WriteResult;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.OutboundResponse;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.PolledCalls;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Shopify's REST Admin API ({@code /admin/api/{version}}, header {@code X-Shopify-Access-Token}) through
 * {@link OutboundHttp}: products are created with {@code POST products.json} and updated with
 * {@code PUT products/{id}.json}; availability is the product status ({@code active} / {@code draft}); deletes are
 * {@code DELETE products/{id}.json}; inventory is {@code POST inventory_levels/set.json} with the variant's
 * {@code inventory_item_id} and a location. Failures are {@link PlatformCallException}s naming the call
 * ("Shopify PUT /products/{id}.json answered 422").
 */
public final class ShopifyAdminClient {

    private final OutboundHttp http;
    private final String apiVersion;
    private final Duration timeout;
    private final PolledCalls polled;
    private final RequestLimiter.Limit pollLimit;

    public ShopifyAdminClient(OutboundHttp http, String apiVersion, Duration timeout) {
        this(http, apiVersion, timeout, null, null);
    }

    /** A client that can also poll: {@code polled} carries the limiter and 429 backoff, {@code pollLimit} per shop. */
    public ShopifyAdminClient(OutboundHttp http, String apiVersion, Duration timeout, PolledCalls polled,
            RequestLimiter.Limit pollLimit) {
        this.http = http;
        this.apiVersion = apiVersion;
        this.timeout = timeout;
        this.polled = polled;
        this.pollLimit = pollLimit;
    }

    /** One page of a cursor-paginated listing: its records and the {@code page_info} of the next page (null: last). */
    public record Page<T>(List<T> records, String nextPageInfo) {
    }

    /**
     * {@code GET products.json?updated_at_min&limit} (every product when {@code updatedAtMin} is null), or the page
     * {@code pageInfo} names; the next page's {@code page_info} comes from the {@code Link} header
     * (shopify.dev REST "Make paginated requests": with {@code page_info} only {@code limit} and {@code fields}
     * may be sent). {@code idsOnly} asks for {@code fields=id} (ghost cleanup). Blocking.
     */
    public Page<ShopifyCatalogMapper.PolledProduct> productsPage(ApiTarget target, Instant updatedAtMin,
            String pageInfo, int limit, ChangeSource source, Instant at) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        if (pageInfo != null) {
            query.append("&page_info=").append(encode(pageInfo));
        } else if (updatedAtMin != null) {
            query.append("&updated_at_min=").append(encode(updatedAtMin.toString()));
        }
        Page<JsonNode> page = page(target, "/products.json?" + query, "Shopify GET /products.json", "products",
                "products");
        return new Page<>(page.records().stream().map(p -> ShopifyCatalogMapper.polledProduct(source, p, at)).toList(),
                page.nextPageInfo());
    }

    /** {@code GET products.json?ids=...} (at most {@link ShopifyPlatform#MAX_PAGE} ids). */
    public List<ShopifyCatalogMapper.PolledProduct> productsByIds(ApiTarget target, List<String> ids,
            ChangeSource source, Instant at) {
        return page(target, "/products.json?limit=" + ShopifyPlatform.MAX_PAGE + "&ids=" + encode(String.join(",", ids)),
                "Shopify GET /products.json", "products", "products").records().stream()
                .map(p -> ShopifyCatalogMapper.polledProduct(source, p, at)).toList();
    }

    /** {@code GET locations.json}: the shop's location ids. */
    public List<String> locationIds(ApiTarget target) {
        List<String> ids = new ArrayList<>();
        for (JsonNode location : page(target, "/locations.json", "Shopify GET /locations.json", "locations",
                "locations").records()) {
            String id = PlatformJson.text(location, "id");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * {@code GET inventory_levels.json?location_ids&updated_at_min&limit} (all levels when {@code updatedAtMin} is
     * null), or the page {@code pageInfo} names. Blocking.
     */
    public Page<CatalogChange> inventoryLevelsPage(ApiTarget target, List<String> locationIds, Instant updatedAtMin,
            String pageInfo, int limit, ChangeSource source, Instant fallback) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        if (pageInfo != null) {
            query.append("&page_info=").append(encode(pageInfo));
        } else {
            query.append("&location_ids=").append(encode(String.join(",", locationIds)));
            if (updatedAtMin != null) {
                query.append("&updated_at_min=").append(encode(updatedAtMin.toString()));
            }
        }
        Page<JsonNode> page = page(target, "/inventory_levels.json?" + query, "Shopify GET /inventory_levels.json",
                "inventory", "inventory_levels");
        return new Page<>(page.records().stream()
                .map(level -> ShopifyCatalogMapper.inventoryLevel(source, level, fallback)).toList(),
                page.nextPageInfo());
    }

    private Page<JsonNode> page(ApiTarget target, String pathAndQuery, String what, String kind, String field) {
        if (polled == null) {
            throw new IllegalStateException("this ShopifyAdminClient was built without polling support");
        }
        OutboundRequest request = OutboundRequest.get(target.uri("/admin/api/" + apiVersion + pathAndQuery), what)
                .header("Accept", "application/json")
                .header(ShopifyPlatform.ACCESS_TOKEN_HEADER, target.requireToken(what)).timeout(timeout);
        OutboundResponse response = polled.send(target.baseUrl(), pollLimit, request, kind);
        JsonNode body = JsonCalls.read(response);
        JsonNode array = body.path(field);
        if (!array.isArray()) {
            throw new PlatformCallException(what + " answered no " + field + " array", false, response.status());
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return new Page<>(records, nextPageInfo(response.header("link").orElse(null)));
    }

    /** The {@code page_info} of the {@code rel="next"} link of a {@code Link} header, or null. */
    static String nextPageInfo(String link) {
        if (link == null) {
            return null;
        }
        for (String part : link.split(",")) {
            if (!part.contains("rel=\"next\"")) {
                continue;
            }
            int open = part.indexOf('<');
            int close = part.indexOf('>');
            if (open < 0 || close < open) {
                continue;
            }
            String url = part.substring(open + 1, close);
            int q = url.indexOf('?');
            if (q < 0) {
                continue;
            }
            for (String param : url.substring(q + 1).split("&")) {
                if (param.startsWith("page_info=")) {
                    return URLDecoder.decode(param.substring("page_info=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Creates the product with its variants; the result links the first variant and each variant's inventory item. */
    public Mono<WriteResult> createProduct(ApiTarget target, String title, String status, List<Variant> variants) {
        ObjectNode product = PlatformJson.newObject().put("title", title);
        if (status != null) {
            product.put("status", status.toLowerCase(Locale.ROOT));
        }
        ArrayNode array = product.putArray("variants");
        variants.forEach(v -> array.add(variant(v, null)));
        return call(target, "POST", "/products.json", wrap(product)).map(answer -> {
            JsonNode created = answer.path("product");
            String id = PlatformJson.text(created, "id");
            if (id == null) {
                throw new PlatformCallException("Shopify product create answered no id", false, 200);
            }
            Map<String, String> attributes = new HashMap<>();
            Map<String, String> variantLinks = new HashMap<>();
            JsonNode answered = created.path("variants");
            for (int i = 0; i < answered.size() && i < variants.size(); i++) {
                String inventoryItem = PlatformJson.text(answered.get(i), "inventory_item_id");
                if (i == 0) {
                    putIfPresent(attributes, "variant_id", PlatformJson.text(answered.get(i), "id"));
                    putIfPresent(attributes, "inventory_item_id", inventoryItem);
                }
                if (inventoryItem != null) {
                    variantLinks.put(variants.get(i).getVariantId(), inventoryItem);
                }
            }
            return new WriteResult(id, attributes, variantLinks);
        });
    }

    /** Updates the title and, when the product's first variant is known, that variant. */
    public Mono<WriteResult> updateProduct(ApiTarget target, String productId, String title, String variantId,
            Variant first) {
        ObjectNode product = PlatformJson.newObject().put("id", productId).put("title", title);
        if (variantId != null && first != null) {
            product.putArray("variants").add(variant(first, variantId));
        }
        return call(target, "PUT", "/products/" + productId + ".json", wrap(product))
                .thenReturn(WriteResult.of(productId));
    }

    /** Availability as product status: {@code active} when available, {@code draft} otherwise. */
    public Mono<WriteResult> setAvailable(ApiTarget target, String productId, boolean available) {
        ObjectNode product = PlatformJson.newObject().put("id", productId).put("status", available ? "active" : "draft");
        return call(target, "PUT", "/products/" + productId + ".json", wrap(product))
                .thenReturn(WriteResult.of(productId));
    }

    public Mono<WriteResult> deleteProduct(ApiTarget target, String productId) {
        return call(target, "DELETE", "/products/" + productId + ".json", null).thenReturn(WriteResult.of(productId));
    }

    /** Sets the available quantity of an inventory item at a location (whole units). */
    public Mono<WriteResult> setInventory(ApiTarget target, String locationId, String inventoryItemId,
            BigDecimal quantity, String targetItemId) {
        ObjectNode body = PlatformJson.newObject().put("location_id", locationId)
                .put("inventory_item_id", inventoryItemId).put("available", quantity.intValue());
        return call(target, "POST", "/inventory_levels/set.json", body).thenReturn(WriteResult.of(targetItemId));
    }

    private static ObjectNode variant(Variant v, String id) {
        ObjectNode node = PlatformJson.newObject();
        if (id != null) {
            node.put("id", id);
        }
        if (v.getTitle() != null) {
            node.put("option1", v.getTitle());
        }
        if (v.getSku() != null) {
            node.put("sku", v.getSku());
        }
        BigDecimal price = v.getPrice();
        if (price != null) {
            node.put("price", price.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
        }
        return node;
    }

    private static ObjectNode wrap(ObjectNode product) {
        ObjectNode body = PlatformJson.newObject();
        body.set("product", product);
        return body;
    }

    private Mono<JsonNode> call(ApiTarget target, String method, String path, JsonNode body) {
        return Mono.defer(() -> {
            String what = "Shopify " + method + " " + path.replaceAll("/\\d+", "/{id}");
            byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
            OutboundRequest request = OutboundRequest.of(method, target.uri("/admin/api/" + apiVersion + path), what, bytes)
                    .header("Accept", "application/json")
                    .header(ShopifyPlatform.ACCESS_TOKEN_HEADER, target.requireToken(what)).timeout(timeout);
            return JsonCalls.send(http, request, false);
        });
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
