package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.CatalogWebhookMapper;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.WebhookEvent;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Shopify webhooks (topic from {@code X-Shopify-Topic}): {@code products/create|update} → ProductUpsert,
 * {@code products/delete} → ProductDelete, {@code inventory_levels/update} → InventoryLevel. Ids exceed 2^53 and
 * are read as exact text. Shopify's inventory webhook names an inventory item, not a product, so its catalog
 * item is the inventory item id (each variant's {@code inventory_item_id} is passed in the upsert's extras as
 * {@code inventoryItemId.<variantId>} for mapping). A product whose status is not {@code active} is hidden.
 */
public final class ShopifyCatalogMapper implements CatalogWebhookMapper {

    @Override
    public Provider provider() {
        return Provider.SHOPIFY;
    }

    @Override
    public boolean supports(WebhookEvent event) {
        return ShopifyPlatform.CATALOG_TOPICS.contains(topic(event));
    }

    @Override
    public Mono<List<CatalogChange>> changes(WebhookEvent event, ApiTarget api) {
        return Mono.fromCallable(() -> changes(event));
    }

    /** The changes of one webhook; no fetch is ever needed. */
    public static List<CatalogChange> changes(WebhookEvent event) {
        String topic = topic(event);
        return switch (topic) {
            case ShopifyPlatform.TOPIC_PRODUCT_CREATE, ShopifyPlatform.TOPIC_PRODUCT_UPDATE -> List.of(upsert(event));
            case ShopifyPlatform.TOPIC_PRODUCT_DELETE -> List.of(delete(event));
            case ShopifyPlatform.TOPIC_INVENTORY_LEVEL_UPDATE -> List.of(inventory(event));
            default -> throw new PlatformDataException("unsupported Shopify topic " + topic);
        };
    }

    private static String topic(WebhookEvent event) {
        String header = event.header(ShopifyPlatform.TOPIC_HEADER.toLowerCase(Locale.ROOT));
        String topic = header != null ? header : event.eventType();
        return topic == null ? "" : topic.trim().toLowerCase(Locale.ROOT);
    }

    private static CatalogChange upsert(WebhookEvent event) {
        JsonNode body = event.body();
        return product(event.source(), body, sourceTime(event, PlatformJson.time(body, "updated_at")), "upsert");
    }

    /** A product of a REST listing (polling) as a ProductUpsert stamped {@code at}. */
    public static CatalogChange product(ChangeSource source, JsonNode body, Instant at) {
        return product(source, body, at, "upsert:" + at.toEpochMilli());
    }

    private static CatalogChange product(ChangeSource source, JsonNode body, Instant at, String discriminator) {
        String id = PlatformJson.required(body, "id", "Shopify product");
        String status = PlatformJson.text(body, "status");
        List<Variant> variants = new ArrayList<>();
        Map<String, String> extras = new LinkedHashMap<>();
        for (JsonNode v : body.path("variants")) {
            String variantId = PlatformJson.required(v, "id", "Shopify variant");
            variants.add(Variant.newBuilder().setVariantId(variantId).setTitle(PlatformJson.text(v, "title"))
                    .setSku(PlatformJson.text(v, "sku")).setPrice(PlatformJson.decimal(v, "price")).build());
            String inventoryItem = PlatformJson.text(v, "inventory_item_id");
            if (inventoryItem != null) {
                extras.put("inventoryItemId." + variantId, inventoryItem);
            }
        }
        for (String field : List.of("vendor", "product_type", "handle")) {
            String value = PlatformJson.text(body, field);
            if (value != null) {
                extras.put(field, value);
            }
        }
        String title = PlatformJson.text(body, "title");
        ProductUpsert change = ProductUpsert.newBuilder().setTitle(title == null ? "" : title)
                .setStatus(status).setHidden(status != null && !"active".equalsIgnoreCase(status))
                .setVariants(variants).setExtras(extras).build();
        return source.change(id, at, discriminator, change);
    }

    /**
     * Shopify's availability rule for a product of a REST listing: a variant is unavailable when its stock is tracked
     * ({@code inventory_management: shopify}), it may not be oversold ({@code inventory_policy: deny}) and its
     * {@code inventory_quantity} is zero or less; a product is unavailable when all of its variants are.
     */
    public static boolean isAvailable(JsonNode product) {
        JsonNode variants = product.path("variants");
        if (!variants.isArray() || variants.isEmpty()) {
            return true;
        }
        for (JsonNode v : variants) {
            boolean tracked = "shopify".equals(PlatformJson.text(v, "inventory_management"));
            boolean deny = !"continue".equals(PlatformJson.text(v, "inventory_policy"));
            BigDecimal quantity = PlatformJson.decimal(v, "inventory_quantity");
            if (!(tracked && deny && (quantity == null || quantity.signum() <= 0))) {
                return true;
            }
        }
        return false;
    }

    /** The availability of a polled product ({@link #isAvailable}) stamped {@code at}. */
    public static CatalogChange availability(ChangeSource source, JsonNode product, Instant at) {
        String id = PlatformJson.required(product, "id", "Shopify product");
        boolean available = isAvailable(product);
        return source.change(id, at, "availability:" + at.toEpochMilli(), AvailabilityChange.newBuilder()
                .setAvailable(available).setName(PlatformJson.text(product, "title"))
                .setStatus(available ? "IN_STOCK" : "OUT_OF_STOCK").build());
    }

    /** One product read by a poll: its id, upsert and availability, and its variants' inventory item ids. */
    public record PolledProduct(String id, List<CatalogChange> changes, List<String> inventoryItemIds) {

        /** The availability change alone (the upsert is the other). */
        public CatalogChange availability() {
            return changes.stream().filter(c -> c.getChange() instanceof AvailabilityChange).findFirst().orElseThrow();
        }
    }

    /** A product of a REST listing as read by a poll: upsert stamped with its {@code updated_at}, availability {@code at}. */
    public static PolledProduct polledProduct(ChangeSource source, JsonNode product, Instant at) {
        String id = PlatformJson.required(product, "id", "Shopify product");
        Instant updated = PlatformJson.time(product, "updated_at");
        List<String> inventoryItems = new ArrayList<>();
        for (JsonNode variant : product.path("variants")) {
            String inventoryItem = PlatformJson.text(variant, "inventory_item_id");
            if (inventoryItem != null) {
                inventoryItems.add(inventoryItem);
            }
        }
        return new PolledProduct(id, List.of(product(source, product, updated != null ? updated : at),
                availability(source, product, at)), inventoryItems);
    }

    /** A product a full listing no longer has: ghost delete and an unavailable DELETED availability. */
    public static List<CatalogChange> removed(ChangeSource source, String productId, Instant at) {
        return List.of(source.change(productId, at, "ghost", ProductDelete.newBuilder().setReason("ghost").build()),
                source.change(productId, at, "ghost:availability",
                        AvailabilityChange.newBuilder().setAvailable(false).setStatus("DELETED").build()));
    }

    /** An inventory level of a REST listing ({@code inventory_item_id}, {@code location_id}, {@code available}). */
    public static CatalogChange inventoryLevel(ChangeSource source, JsonNode level, Instant fallback) {
        String item = PlatformJson.required(level, "inventory_item_id", "Shopify inventory level");
        BigDecimal available = PlatformJson.decimal(level, "available");
        InventoryLevel change = InventoryLevel.newBuilder().setVariantId(item)
                .setLocationId(PlatformJson.text(level, "location_id"))
                .setQuantity(available == null ? BigDecimal.ZERO.setScale(4, RoundingMode.UNNECESSARY) : available)
                .setState(available == null ? "UNTRACKED" : "AVAILABLE").build();
        Instant at = PlatformJson.time(level, "updated_at");
        Instant time = at != null ? at : fallback;
        return source.change(item, time, "inventory:" + change.getLocationId() + ":" + time.toEpochMilli(), change);
    }

    private static CatalogChange delete(WebhookEvent event) {
        String id = PlatformJson.required(event.body(), "id", "Shopify product");
        return event.source().change(id, sourceTime(event, null), "delete",
                ProductDelete.newBuilder().setReason("deleted").build());
    }

    private static CatalogChange inventory(WebhookEvent event) {
        JsonNode body = event.body();
        String item = PlatformJson.required(body, "inventory_item_id", "Shopify inventory level");
        BigDecimal available = PlatformJson.decimal(body, "available");
        InventoryLevel change = InventoryLevel.newBuilder().setVariantId(item)
                .setLocationId(PlatformJson.text(body, "location_id"))
                .setQuantity(available == null ? BigDecimal.ZERO.setScale(4, RoundingMode.UNNECESSARY) : available)
                .setState(available == null ? "UNTRACKED" : "AVAILABLE").build();
        return event.source().change(item, sourceTime(event, PlatformJson.time(body, "updated_at")),
                "inventory:" + change.getLocationId(), change);
    }

    /** The body's time, else Shopify's {@code X-Shopify-Triggered-At}, else when intake received it. */
    private static Instant sourceTime(WebhookEvent event, Instant bodyTime) {
        Instant triggered = PlatformJson.time(event.header(ShopifyPlatform.TRIGGERED_AT_HEADER.toLowerCase(Locale.ROOT)));
        return bodyTime != null ? bodyTime : triggered != null ? triggered : event.receivedAt();
    }
}
