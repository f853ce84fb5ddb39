package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns Clover items from a poll into the same normalized {@link CatalogChange}s sync-service's Clover webhook path
 * makes (io.tillsync.sync.inbound.CloverParser): per live item a ProductUpsert (price and cost from cents to decimals
 * at scale 4, {@code priceType}, {@code code}, {@code unitName} in extras), an InventoryLevel when {@code itemStock}
 * was expanded, and an AvailabilityChange; key material tenant and item id, source time Clover's modifiedTime.
 * Differences, as issue 6 asks: origin POLL; extras also carry {@code unitCost} (the cost as a decimal); and an item
 * that is {@code deleted} or {@code hidden} (age-restricted items may be hidden: not an error) becomes one
 * ProductDelete with reason {@code deleted} or {@code hidden} instead of an upsert.
 *
 * <p>Change ids are name-based UUIDs of (tenant, connection, item, kind, modifiedTime), so the same item version read
 * twice (overlap window, a poll re-read after a crash) yields the same ids and sync-service deduplicates.
 */
public final class CloverItemMapper {

    /** Who the changes belong to and what to stamp on them. */
    public record Context(String tenant, String connectionId, String correlationId, Instant fallbackTime) {
    }

    private CloverItemMapper() {
    }

    public static PolledItem map(Context context, JsonNode item) {
        String itemId = item.path("id").asText(null);
        if (itemId == null || itemId.isBlank()) {
            throw new CloverApiException("Clover listed an item without id", 200, null);
        }
        Instant modified = epochMillis(item, "modifiedTime");
        Instant at = modified != null ? modified : context.fallbackTime();
        String version = String.valueOf(at.toEpochMilli());
        Long modifiedMs = modified == null ? null : modified.toEpochMilli();

        if (item.path("deleted").asBoolean(false) || epochMillis(item, "deletedTime") != null) {
            return delete(context, itemId, at, modifiedMs, "deleted");
        }
        if (item.path("hidden").asBoolean(false)) {
            return delete(context, itemId, at, modifiedMs, "hidden");
        }

        String name = text(item, "name");
        Map<String, String> extras = new LinkedHashMap<>();
        for (String field : List.of("priceType", "code", "unitName")) {
            String value = text(item, field);
            if (value != null) {
                extras.put(field, value);
            }
        }
        BigDecimal cost = cents(item, "cost");
        if (cost != null) {
            extras.put("unitCost", cost.toPlainString());
        }
        Variant variant = Variant.newBuilder().setVariantId(itemId).setTitle(name).setSku(text(item, "sku"))
                .setPrice(cents(item, "price")).setCost(cost).build();
        List<CatalogChange> changes = new ArrayList<>(3);
        changes.add(change(context, itemId, at, "upsert:" + version, ProductUpsert.newBuilder()
                .setTitle(name == null ? "" : name).setHidden(false).setVariants(List.of(variant)).setExtras(extras)
                .build()));

        JsonNode stock = item.path("itemStock");
        BigDecimal quantity = stock.isObject() ? quantity(stock) : null;
        if (quantity != null) {
            changes.add(change(context, itemId, at, "stock:" + version, InventoryLevel.newBuilder()
                    .setVariantId(itemId).setQuantity(quantity).setState("IN_STOCK").build()));
        }
        boolean sellable = !item.has("available") || item.path("available").asBoolean(true);
        boolean available = sellable && (quantity == null || quantity.signum() > 0);
        String status = !sellable ? "UNAVAILABLE" : available ? "IN_STOCK" : "OUT_OF_STOCK";
        changes.add(change(context, itemId, at, "availability:" + version, AvailabilityChange.newBuilder()
                .setAvailable(available).setName(name).setStatus(status).build()));
        return new PolledItem(itemId, modifiedMs, null, changes);
    }

    /** An item Clover no longer lists (ghost cleanup); {@code at} is when the cleanup noticed. */
    public static PolledItem ghost(Context context, String itemId, Instant at) {
        return delete(context, itemId, at, null, "ghost");
    }

    private static PolledItem delete(Context context, String itemId, Instant at, Long modifiedMs, String reason) {
        CatalogChange change = change(context, itemId, at, "delete:" + reason + ":" + at.toEpochMilli(),
                ProductDelete.newBuilder().setReason(reason).build());
        return new PolledItem(itemId, modifiedMs, reason, List.of(change));
    }

    private static CatalogChange change(Context context, String itemId, Instant sourceTime, String discriminator,
            Object change) {
        String changeId = UUID.nameUUIDFromBytes((context.tenant() + "|poll:" + context.connectionId() + "|" + itemId
                + "|" + discriminator).getBytes(StandardCharsets.UTF_8)).toString();
        return CatalogChange.newBuilder().setChangeId(changeId).setTenant(context.tenant())
                .setConnectionId(context.connectionId()).setProvider("clover").setItemId(itemId)
                .setSourceTime(sourceTime).setOrigin(ChangeOrigin.POLL).setSourceEventId(null)
                .setCorrelationId(context.correlationId()).setChange(change).build();
    }

    private static BigDecimal quantity(JsonNode stock) {
        BigDecimal quantity = decimal(stock, "quantity");
        return quantity != null ? quantity : decimal(stock, "stockCount");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Instant epochMillis(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String text = v.asText();
        if (v.isNumber() || !text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(v.asLong());
        }
        return null; // unreadable: the poll's start time stands in, as for a missing one
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim()).setScale(4, RoundingMode.HALF_EVEN);
        } catch (NumberFormatException e) {
            throw new CloverApiException("Clover " + field + " is not a number: " + v, 200, e);
        }
    }

    /** Minor units (cents) to the major unit at the contracts' scale 4; assumes a two-decimal currency. */
    private static BigDecimal cents(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim()).movePointLeft(2).setScale(4, RoundingMode.HALF_EVEN);
        } catch (NumberFormatException e) {
            throw new CloverApiException("Clover " + field + " is not an amount: " + v, 200, e);
        }
    }
}
