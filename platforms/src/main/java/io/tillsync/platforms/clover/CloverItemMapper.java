package io.tillsync.platforms.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.ItemAvailability;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping of a Clover inventory item to normalized {@link CatalogChange}s, for both paths that read items:
 * the webhook path (an item fetched because a webhook named it) and polling (items listed by modifiedTime). The
 * {@link ChangeSource} says which (origin, id scheme); the mapping itself is the same.
 *
 * <p>The availability rule, decided once:
 * <ul>
 *   <li>{@code deleted: true} or a {@code deletedTime} (and an item Clover answers 404 for, a webhook {@code DELETE},
 *       an item polling no longer finds) → the item is <b>deleted</b>: a ProductDelete (reason {@code deleted},
 *       {@code ghost}, ...) followed by an AvailabilityChange {@code available=false}, status {@code DELETED};</li>
 *   <li>{@code hidden: true}, {@code available: false} or tracked stock ({@code itemStock}) at zero or below → the
 *       item <b>exists but is unavailable</b>: a ProductUpsert ({@code hidden} as Clover says), the InventoryLevel
 *       when stock is tracked, and an AvailabilityChange {@code available=false} with status {@code HIDDEN},
 *       {@code UNAVAILABLE} or {@code OUT_OF_STOCK} (in that order of precedence). Hidden items (age-restricted
 *       items, for example) are not an error and not a delete;</li>
 *   <li>otherwise → <b>available</b>: upsert, stock when tracked, AvailabilityChange {@code available=true},
 *       status {@code IN_STOCK}.</li>
 * </ul>
 * The upsert carries price and cost (cents to decimals at scale 4, bounded by
 * {@link io.tillsync.platforms.json.PlatformNumbers}), and {@code priceType}, {@code code}, {@code unitName} and
 * {@code unitCost} (the cost as a decimal) in extras. Every change of one item version is stamped with Clover's
 * {@code modifiedTime} (else the caller's fallback time) and the version is part of each change's discriminator, so
 * the same version read twice yields the same change ids.
 */
public final class CloverItemMapper {

    /**
     * One item as mapped: the changes to publish and what a poller remembers of it.
     *
     * @param modifiedMs    Clover's modifiedTime, or null when the item carried none
     * @param deletedReason {@code deleted}, {@code ghost}, ... when the item became a delete; null when it exists
     */
    public record MappedItem(String itemId, Long modifiedMs, String deletedReason, List<CatalogChange> changes) {
    }

    private CloverItemMapper() {
    }

    /**
     * Maps one item as Clover answered it.
     *
     * @param expectedId   the id the caller asked for (webhook path), used when the item carries none; null otherwise
     * @param fallbackTime the source time when the item has no modifiedTime (webhook {@code ts}, poll start)
     */
    public static MappedItem map(ChangeSource source, JsonNode item, String expectedId, Instant fallbackTime) {
        String itemId = PlatformJson.text(item, "id");
        if (itemId == null || itemId.isBlank()) {
            itemId = expectedId;
        }
        if (itemId == null || itemId.isBlank()) {
            throw new PlatformDataException("Clover item has no id");
        }
        Instant modified = PlatformJson.epochMillis(item, "modifiedTime");
        Instant at = modified != null ? modified : fallbackTime;
        Long modifiedMs = modified == null ? null : modified.toEpochMilli();
        if (item.path("deleted").asBoolean(false) || PlatformJson.epochMillis(item, "deletedTime") != null) {
            return deleted(source, itemId, at, modifiedMs, "deleted");
        }
        String version = String.valueOf(at.toEpochMilli());
        String name = PlatformJson.text(item, "name");
        boolean hidden = item.path("hidden").asBoolean(false);
        Map<String, String> extras = new LinkedHashMap<>();
        for (String field : List.of("priceType", "code", "unitName")) {
            String value = PlatformJson.text(item, field);
            if (value != null) {
                extras.put(field, value);
            }
        }
        BigDecimal cost = PlatformJson.cents(item, "cost");
        if (cost != null) {
            extras.put("unitCost", cost.toPlainString());
        }
        Variant variant = Variant.newBuilder().setVariantId(itemId).setTitle(name).setSku(PlatformJson.text(item, "sku"))
                .setPrice(PlatformJson.cents(item, "price")).setCost(cost).build();
        List<CatalogChange> changes = new ArrayList<>(3);
        changes.add(source.change(itemId, at, "upsert:" + version, ProductUpsert.newBuilder()
                .setTitle(name == null ? "" : name).setHidden(hidden).setVariants(List.of(variant)).setExtras(extras)
                .build()));

        JsonNode stock = item.path("itemStock");
        BigDecimal quantity = stock.isObject() ? quantity(stock) : null;
        if (quantity != null) {
            changes.add(source.change(itemId, at, "stock:" + version, InventoryLevel.newBuilder()
                    .setVariantId(itemId).setQuantity(quantity).setState("IN_STOCK").build()));
        }
        boolean sellable = !item.has("available") || item.path("available").asBoolean(true);
        boolean inStock = quantity == null || quantity.signum() > 0;
        boolean available = !hidden && sellable && inStock;
        String status = hidden ? "HIDDEN" : !sellable ? "UNAVAILABLE" : inStock ? "IN_STOCK" : "OUT_OF_STOCK";
        changes.add(source.change(itemId, at, "availability:" + version, AvailabilityChange.newBuilder()
                .setAvailable(available).setName(name).setStatus(status).build()));
        return new MappedItem(itemId, modifiedMs, null, changes);
    }

    /**
     * An item that is gone: a webhook {@code DELETE}, a 404 on fetch ({@code deleted}), or an item polling no longer
     * finds ({@code ghost}); {@code at} is the event's time, or when the poll noticed.
     */
    public static MappedItem deleted(ChangeSource source, String itemId, Instant at, String reason) {
        return deleted(source, itemId, at, null, reason);
    }

    private static MappedItem deleted(ChangeSource source, String itemId, Instant at, Long modifiedMs, String reason) {
        String version = reason + ":" + at.toEpochMilli();
        return new MappedItem(itemId, modifiedMs, reason,
                ItemAvailability.deleted(source, itemId, List.of(), at, version, reason));
    }

    private static BigDecimal quantity(JsonNode stock) {
        BigDecimal quantity = PlatformJson.decimal(stock, "quantity");
        return quantity != null ? quantity : PlatformJson.decimal(stock, "stockCount");
    }
}
