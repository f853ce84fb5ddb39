package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Shopify webhooks (topic from {@code X-Shopify-Topic}): {@code products/create|update} → ProductUpsert,
 * {@code products/delete} → ProductDelete, {@code inventory_levels/update} → InventoryLevel. Ids exceed 2^53 and
 * are read as exact text. Shopify's inventory webhook names an inventory item, not a product, so its catalog
 * item is the inventory item id (each variant's {@code inventory_item_id} is passed in the upsert's extras as
 * {@code inventoryItemId.<variantId>} for mapping).
 */
@Component
public class ShopifyParser implements CatalogParser {

    private static final Set<String> TOPICS =
            Set.of("products/create", "products/update", "products/delete", "inventory_levels/update");

    @Override
    public String provider() {
        return "shopify";
    }

    @Override
    public boolean supports(InboundEvent event) {
        return TOPICS.contains(topic(event));
    }

    @Override
    public Mono<List<CatalogChange>> parse(InboundEvent event) {
        return Mono.fromCallable(() -> switch (topic(event)) {
            case "products/create", "products/update" -> List.of(upsert(event));
            case "products/delete" -> List.of(delete(event));
            case "inventory_levels/update" -> List.of(inventory(event));
            default -> throw new UnprocessableEventException("unsupported Shopify topic " + topic(event));
        });
    }

    private static String topic(InboundEvent event) {
        String header = event.header("x-shopify-topic");
        return (header != null ? header : event.webhook().getEventType()).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static CatalogChange upsert(InboundEvent event) {
        JsonNode body = event.body();
        String id = CatalogChanges.required(body, "id", "Shopify product");
        String status = CatalogChanges.text(body, "status");
        List<Variant> variants = new ArrayList<>();
        Map<String, String> extras = new LinkedHashMap<>();
        for (JsonNode v : body.path("variants")) {
            String variantId = CatalogChanges.required(v, "id", "Shopify variant");
            variants.add(Variant.newBuilder().setVariantId(variantId).setTitle(CatalogChanges.text(v, "title"))
                    .setSku(CatalogChanges.text(v, "sku")).setPrice(CatalogChanges.decimal(v, "price")).build());
            String inventoryItem = CatalogChanges.text(v, "inventory_item_id");
            if (inventoryItem != null) {
                extras.put("inventoryItemId." + variantId, inventoryItem);
            }
        }
        for (String field : List.of("vendor", "product_type", "handle")) {
            String value = CatalogChanges.text(body, field);
            if (value != null) {
                extras.put(field, value);
            }
        }
        Instant updatedAt = CatalogChanges.time(body, "updated_at");
        ProductUpsert change = ProductUpsert.newBuilder()
                .setTitle(CatalogChanges.text(body, "title") == null ? "" : CatalogChanges.text(body, "title"))
                .setStatus(status).setHidden(status != null && !"active".equalsIgnoreCase(status))
                .setVariants(variants).setExtras(extras).build();
        return CatalogChanges.of(event, id, sourceTime(event, updatedAt), "upsert", change);
    }

    private static CatalogChange delete(InboundEvent event) {
        String id = CatalogChanges.required(event.body(), "id", "Shopify product");
        return CatalogChanges.of(event, id, sourceTime(event, null), "delete",
                ProductDelete.newBuilder().setReason("deleted").build());
    }

    private static CatalogChange inventory(InboundEvent event) {
        JsonNode body = event.body();
        String item = CatalogChanges.required(body, "inventory_item_id", "Shopify inventory level");
        BigDecimal available = CatalogChanges.decimal(body, "available");
        InventoryLevel change = InventoryLevel.newBuilder().setVariantId(item)
                .setLocationId(CatalogChanges.text(body, "location_id"))
                .setQuantity(available == null ? BigDecimal.ZERO.setScale(4, RoundingMode.UNNECESSARY) : available)
                .setState(available == null ? "UNTRACKED" : "AVAILABLE").build();
        return CatalogChanges.of(event, item, sourceTime(event, CatalogChanges.time(body, "updated_at")),
                "inventory:" + change.getLocationId(), change);
    }

    /** The body's time, else Shopify's {@code X-Shopify-Triggered-At}, else when intake received it. */
    private static Instant sourceTime(InboundEvent event, Instant bodyTime) {
        Instant triggered = CatalogChanges.time(event.header("x-shopify-triggered-at"));
        return bodyTime != null ? bodyTime : triggered != null ? triggered : event.receivedAt();
    }
}
