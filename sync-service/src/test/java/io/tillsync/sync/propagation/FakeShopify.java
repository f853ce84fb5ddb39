package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.sync.FakeProviderServer;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shopify's REST Admin API as the {@link ShopifyWriter} uses it (products create/update/delete, inventory levels set),
 * keeping the products it holds, and sending {@code products/create|update|delete} and
 * {@code inventory_levels/update} webhooks about every change, as Shopify does for changes made through the API.
 * Ids are larger than 2^53, as Shopify's are.
 */
final class FakeShopify extends EchoingPlatform {

    static final String API = "/admin/api/2024-10";

    private final Map<String, ObjectNode> products = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(9_700_000_000_000_000L);

    FakeShopify() {
        server.on("POST", API + "/products.json", write(this::create));
        server.onPrefix("PUT", API + "/products/", write(this::update));
        server.onPrefix("DELETE", API + "/products/", write(this::delete));
        server.on("POST", API + "/inventory_levels/set.json", write(this::setInventory));
    }

    @Override
    List<FakeProviderServer.Request> writes() {
        // a GraphQL query (sync's inventory-item lookup) reads; only a mutation writes
        return server.requests().stream().filter(r -> !r.method().equals("GET"))
                .filter(r -> !r.path().endsWith("/graphql.json") || r.body().trim().startsWith("{\"query\":\"mutation"))
                .toList();
    }

    /** Writes of one kind, e.g. {@code "PUT /products/"} or {@code "POST /inventory_levels/"}. */
    List<FakeProviderServer.Request> writes(String methodAndPathPrefix) {
        return writes().stream().filter(r -> (r.method() + " " + r.path().substring(API.length()))
                .startsWith(methodAndPathPrefix)).toList();
    }

    ObjectNode product(String id) {
        return products.get(id);
    }

    /** A product made at Shopify's admin (not by us): stored, and its {@code products/create} webhook sent. */
    synchronized ObjectNode productCreatedInShopify(String title, String sku, String price) {
        ObjectNode product = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("title", title)
                .put("status", "active").put("updated_at", now());
        product.putArray("variants").addObject().put("id", ids.incrementAndGet()).put("title", "Default Title")
                .put("sku", sku).put("price", price).put("inventory_item_id", ids.incrementAndGet());
        products.put(product.path("id").asText(), product);
        webhook("products/create", product);
        return product;
    }

    /** A product deleted at Shopify's admin (not by us): its {@code products/delete} webhook sent. */
    synchronized void productDeletedInShopify(String id) {
        products.remove(id);
        webhook("products/delete", JSON.createObjectNode().put("id", Long.parseLong(id)));
    }

    private FakeProviderServer.Response create(FakeProviderServer.Request r) {
        ObjectNode product = (ObjectNode) read(r.body()).path("product").deepCopy();
        long id = ids.incrementAndGet();
        product.put("id", id);
        if (!product.has("status")) {
            product.put("status", "active");
        }
        for (JsonNode v : product.withArray("variants")) {
            ((ObjectNode) v).put("id", ids.incrementAndGet()).put("product_id", id)
                    .put("inventory_item_id", ids.incrementAndGet());
        }
        product.put("updated_at", now());
        products.put(String.valueOf(id), product);
        webhook("products/create", product);
        return ok(Map.of("product", product));
    }

    private FakeProviderServer.Response update(FakeProviderServer.Request r) {
        ObjectNode product = products.get(idIn(r.path()));
        if (product == null) {
            return new FakeProviderServer.Response(404, "{\"errors\":\"Not Found\"}");
        }
        JsonNode patch = read(r.body()).path("product");
        patch.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("variants") && !f.getKey().equals("id")) {
                product.set(f.getKey(), f.getValue());
            }
        });
        for (JsonNode pv : patch.path("variants")) {
            for (JsonNode v : product.withArray("variants")) {
                if (v.path("id").asText().equals(pv.path("id").asText())) {
                    pv.fields().forEachRemaining(f -> ((ObjectNode) v).set(f.getKey(), f.getValue()));
                }
            }
        }
        product.put("updated_at", now());
        webhook("products/update", product);
        return ok(Map.of("product", product));
    }

    private FakeProviderServer.Response delete(FakeProviderServer.Request r) {
        String id = idIn(r.path());
        if (products.remove(id) == null) {
            return new FakeProviderServer.Response(404, "{\"errors\":\"Not Found\"}");
        }
        webhook("products/delete", JSON.createObjectNode().put("id", Long.parseLong(id)));
        return ok(Map.of());
    }

    private FakeProviderServer.Response setInventory(FakeProviderServer.Request r) {
        JsonNode body = read(r.body());
        ObjectNode level = JSON.createObjectNode()
                .put("inventory_item_id", body.path("inventory_item_id").asLong())
                .put("location_id", body.path("location_id").asLong())
                .put("available", body.path("available").asInt()).put("updated_at", now());
        webhook("inventory_levels/update", level);
        return ok(Map.of("inventory_level", level));
    }

    private void webhook(String topic, ObjectNode body) {
        String eventId = UUID.randomUUID().toString();
        webhook(topic, eventId, body.toString(), Map.of("x-shopify-topic", topic, "x-shopify-event-id", eventId,
                "x-shopify-triggered-at", now()));
    }

    private static String idIn(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.substring(0, last.indexOf('.'));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Shopify fake got a body that is not JSON: " + body, e);
        }
    }
}
