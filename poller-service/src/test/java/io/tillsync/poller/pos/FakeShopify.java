package io.tillsync.poller.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A local stand-in for Shopify's REST Admin API 2024-10 (shopify.dev/docs/api/admin-rest): {@code locations.json},
 * {@code products.json} ({@code updated_at_min}, {@code ids}, {@code limit} up to 250; variants with
 * {@code inventory_item_id}, {@code inventory_quantity}, {@code inventory_management}, {@code inventory_policy}) and
 * {@code inventory_levels.json} ({@code location_ids}, {@code updated_at_min}), paginated by a {@code Link} header's
 * {@code rel="next"} URL whose {@code page_info} alone (with {@code limit}) names the next page. Token in
 * {@code X-Shopify-Access-Token}; 401 {@code {"errors": "..."}}; 429 with a decimal {@code Retry-After} as Shopify sends.
 */
public final class FakeShopify extends FakePlatform {

    public static final String PREFIX = "/admin/api/2024-10";
    public static final long LOCATION = 655441491L;

    public record Product(long id, String title, int quantity, String policy, boolean deleted, Instant updated) {
        public long inventoryItemId() {
            return id + 1_000_000_000_000L;
        }
    }

    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<String, Instant> levelTimes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> pages = new HashMap<>();
    private String token;

    public FakeShopify shop(String token) {
        this.token = token;
        return this;
    }

    public FakeShopify put(Product p) {
        products.put(Long.toString(p.id()), p);
        levelTimes.put(Long.toString(p.inventoryItemId()), p.updated());
        return this;
    }

    /** Sets the product's stock at the location (the level and the variant's inventory_quantity). */
    public FakeShopify stock(long productId, int quantity, Instant at) {
        Product p = products.get(Long.toString(productId));
        products.put(Long.toString(productId), new Product(p.id(), p.title(), quantity, p.policy(), p.deleted(),
                p.updated()));
        levelTimes.put(Long.toString(p.inventoryItemId()), at);
        return this;
    }

    @Override
    String account(HttpServerRequest request) {
        return token != null && token.equals(request.requestHeaders().get("X-Shopify-Access-Token")) ? "shop" : null;
    }

    @Override
    synchronized Answer answer(String shop, String method, String path, Map<String, String> query, JsonNode body) {
        if (!path.startsWith(PREFIX)) {
            return new Answer(404, error(404), Map.of());
        }
        String resource = path.substring(PREFIX.length());
        if ("/locations.json".equals(resource)) {
            ObjectNode answer = object();
            answer.putArray("locations").addObject().put("id", LOCATION).put("name", "Main store");
            return Answer.ok(answer);
        }
        Map<String, String> q = query.containsKey("page_info") ? merge(pages.get(query.get("page_info")), query) : query;
        int limit = Math.min(250, Integer.parseInt(q.getOrDefault("limit", "50")));
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        Instant min = q.containsKey("updated_at_min") ? Instant.parse(q.get("updated_at_min")) : null;
        if ("/products.json".equals(resource)) {
            List<String> ids = q.containsKey("ids") ? Arrays.asList(q.get("ids").split(",")) : null;
            List<Product> matching = new ArrayList<>(products.values().stream().filter(p -> !p.deleted())
                    .filter(p -> ids == null || ids.contains(Long.toString(p.id())))
                    .filter(p -> min == null || !p.updated().isBefore(min)).toList());
            matching.sort(Comparator.comparingLong(Product::id));
            ObjectNode answer = object();
            ArrayNode array = answer.putArray("products");
            matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))
                    .forEach(p -> array.add(product(p)));
            return page(answer, resource, q, offset, limit, matching.size());
        }
        if ("/inventory_levels.json".equals(resource)) {
            List<Product> matching = new ArrayList<>(products.values().stream().filter(p -> !p.deleted())
                    .filter(p -> min == null || !levelTimes.get(Long.toString(p.inventoryItemId())).isBefore(min))
                    .toList());
            matching.sort(Comparator.comparingLong(Product::id));
            ObjectNode answer = object();
            ArrayNode array = answer.putArray("inventory_levels");
            matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))
                    .forEach(p -> array.addObject().put("inventory_item_id", p.inventoryItemId())
                            .put("location_id", LOCATION).put("available", p.quantity())
                            .put("updated_at", levelTimes.get(Long.toString(p.inventoryItemId())).toString()));
            return page(answer, resource, q, offset, limit, matching.size());
        }
        return new Answer(404, error(404), Map.of());
    }

    private Answer page(ObjectNode answer, String resource, Map<String, String> q, int offset, int limit, int total) {
        if (offset + limit >= total) {
            return Answer.ok(answer);
        }
        String pageInfo = "pi" + pages.size();
        Map<String, String> next = new HashMap<>(q);
        next.remove("page_info");
        next.put("offset", Integer.toString(offset + limit));
        pages.put(pageInfo, next);
        return new Answer(200, answer, Map.of("Link", "<" + baseUrl() + PREFIX + resource + "?limit=" + limit
                + "&page_info=" + pageInfo + ">; rel=\"next\""));
    }

    private static Map<String, String> merge(Map<String, String> stored, Map<String, String> query) {
        if (stored == null) {
            return query;
        }
        Map<String, String> merged = new HashMap<>(stored);
        merged.put("limit", query.getOrDefault("limit", stored.get("limit")));
        return merged;
    }

    private ObjectNode product(Product p) {
        ObjectNode o = object().put("id", p.id()).put("title", p.title()).put("status", "active")
                .put("vendor", "Fake").put("product_type", "Food").put("handle", "p-" + p.id())
                .put("updated_at", p.updated().toString());
        o.putArray("variants").addObject().put("id", p.id() + 1).put("product_id", p.id()).put("title", "Default Title")
                .put("price", "12.50").put("sku", "SKU-" + p.id()).put("inventory_item_id", p.inventoryItemId())
                .put("inventory_quantity", p.quantity()).put("inventory_management", "shopify")
                .put("inventory_policy", p.policy());
        return o;
    }

    @Override
    Object error(int status) {
        if (status == 401) {
            return object().put("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)");
        }
        if (status == 429) {
            return object().put("errors", "Exceeded 2 calls per second for api client. Reduce request rates to resume "
                    + "uninterrupted service.");
        }
        return object().put("errors", "Not Found");
    }
}
