package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Shopify's REST Admin API ({@code /admin/api/{version}}, header {@code X-Shopify-Access-Token}):
 * products are created with {@code POST products.json} and updated with {@code PUT products/{id}.json};
 * availability maps to the product status ({@code active} / {@code draft}); deletes are {@code DELETE
 * products/{id}.json}; inventory is {@code POST inventory_levels/set.json} with the variant's
 * {@code inventory_item_id} and the connection's {@code location_id} setting.
 */
@Component
public class ShopifyWriter implements PlatformWriter {

    private final WebClient web;
    private final PropagationProperties properties;
    private final String apiVersion;

    public ShopifyWriter(WebClient.Builder web, PropagationProperties properties,
            @Value("${tillsync.sync.propagation.shopify-api-version:2024-10}") String apiVersion) {
        this.web = web.build();
        this.properties = properties;
        this.apiVersion = apiVersion;
    }

    @Override
    public String provider() {
        return "shopify";
    }

    @Override
    public Mono<WriteResult> write(WriteTarget target, PlatformWrite write) {
        if (write instanceof PlatformWrite.UpsertProduct u) {
            return u.targetItemId() == null ? create(target, u) : update(target, u);
        }
        if (write instanceof PlatformWrite.SetAvailability a) {
            ObjectNode product = WriterHttp.JSON.createObjectNode().put("id", a.targetItemId())
                    .put("status", a.available() ? "active" : "draft");
            return call(target, HttpMethod.PUT, "/products/" + a.targetItemId() + ".json", wrap(product))
                    .thenReturn(WriteResult.of(a.targetItemId()));
        }
        if (write instanceof PlatformWrite.DeleteProduct d) {
            return call(target, HttpMethod.DELETE, "/products/" + d.targetItemId() + ".json", null)
                    .thenReturn(WriteResult.of(d.targetItemId()));
        }
        PlatformWrite.SetInventory s = (PlatformWrite.SetInventory) write;
        String location = target.setting("location_id");
        if (location == null) {
            return Mono.error(new PlatformWriteException("shopify connection has no location_id setting", false));
        }
        ObjectNode body = WriterHttp.JSON.createObjectNode().put("location_id", location)
                .put("inventory_item_id", s.link().getOrDefault("inventory_item_id", s.targetItemId()))
                .put("available", s.quantity().intValue());
        return call(target, HttpMethod.POST, "/inventory_levels/set.json", body)
                .thenReturn(WriteResult.of(s.targetItemId()));
    }

    private Mono<WriteResult> create(WriteTarget target, PlatformWrite.UpsertProduct u) {
        ObjectNode product = WriterHttp.JSON.createObjectNode().put("title", u.title());
        if (u.status() != null) {
            product.put("status", u.status().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode variants = product.putArray("variants");
        u.variants().forEach(v -> variants.add(variant(v, null)));
        return call(target, HttpMethod.POST, "/products.json", wrap(product)).map(answer -> {
            JsonNode created = answer.path("product");
            String id = WriterHttp.text(created, "id");
            if (id == null) {
                throw new PlatformWriteException("shopify product create answered no id", false);
            }
            Map<String, String> attributes = new HashMap<>();
            Map<String, String> variantLinks = new HashMap<>();
            JsonNode answered = created.path("variants");
            for (int i = 0; i < answered.size() && i < u.variants().size(); i++) {
                String inventoryItem = WriterHttp.text(answered.get(i), "inventory_item_id");
                if (i == 0) {
                    putIfPresent(attributes, "variant_id", WriterHttp.text(answered.get(i), "id"));
                    putIfPresent(attributes, "inventory_item_id", inventoryItem);
                }
                if (inventoryItem != null) {
                    variantLinks.put(u.variants().get(i).getVariantId(), inventoryItem);
                }
            }
            return new WriteResult(id, attributes, variantLinks);
        });
    }

    private Mono<WriteResult> update(WriteTarget target, PlatformWrite.UpsertProduct u) {
        ObjectNode product = WriterHttp.JSON.createObjectNode().put("id", u.targetItemId()).put("title", u.title());
        String variantId = u.link().get("variant_id");
        if (variantId != null && !u.variants().isEmpty()) {
            product.putArray("variants").add(variant(u.variants().get(0), variantId));
        }
        return call(target, HttpMethod.PUT, "/products/" + u.targetItemId() + ".json", wrap(product))
                .thenReturn(WriteResult.of(u.targetItemId()));
    }

    private static ObjectNode variant(Variant v, String id) {
        ObjectNode node = WriterHttp.JSON.createObjectNode();
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
            node.put("price", price.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString());
        }
        return node;
    }

    private static ObjectNode wrap(ObjectNode product) {
        ObjectNode body = WriterHttp.JSON.createObjectNode();
        body.set("product", product);
        return body;
    }

    private Mono<JsonNode> call(WriteTarget target, HttpMethod method, String path, JsonNode body) {
        String what = "Shopify " + method + " " + path.replaceAll("/\\d+", "/{id}");
        WebClient.RequestBodySpec spec = web.method(method)
                .uri(target.baseUrl() + "/admin/api/" + apiVersion + path)
                .accept(MediaType.APPLICATION_JSON).header("X-Shopify-Access-Token", token(target));
        WebClient.RequestHeadersSpec<?> request = body == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString());
        return WriterHttp.guard(request.exchangeToMono(r -> WriterHttp.json(r, what)), what, properties.writeTimeout());
    }

    private static String token(WriteTarget target) {
        if (target.token() == null) {
            throw new PlatformWriteException("shopify connection has no API token", false);
        }
        return target.token();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

}
