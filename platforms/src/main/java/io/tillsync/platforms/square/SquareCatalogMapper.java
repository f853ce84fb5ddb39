package io.tillsync.platforms.square;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Square webhooks: {@code inventory.count.updated} → one InventoryLevel per IN_STOCK count (quantity arrives as a
 * string; other states such as SOLD or WASTE are movements, not what can be sold, and are skipped), keyed by the
 * catalog object (the item variation). {@code catalog.version.updated} carries only the new version's time, so the
 * changed ITEMs are fetched with SearchCatalogObjects from that time minus {@code lookback}; deleted objects
 * ({@code is_deleted: true}) become ProductDelete, archived items a hidden upsert. Money is in minor units (cents;
 * two-decimal currencies).
 */
public final class SquareCatalogMapper implements CatalogWebhookMapper {

    private final SquareClient api;
    private final Duration lookback;

    public SquareCatalogMapper(SquareClient api, Duration lookback) {
        this.api = api;
        this.lookback = lookback;
    }

    @Override
    public Provider provider() {
        return Provider.SQUARE;
    }

    @Override
    public boolean supports(WebhookEvent event) {
        String type = type(event);
        return SquarePlatform.EVENT_INVENTORY_COUNT_UPDATED.equals(type)
                || SquarePlatform.EVENT_CATALOG_VERSION_UPDATED.equals(type);
    }

    @Override
    public Mono<List<CatalogChange>> changes(WebhookEvent event, ApiTarget target) {
        String type = type(event);
        return switch (type) {
            case SquarePlatform.EVENT_INVENTORY_COUNT_UPDATED -> Mono.fromCallable(() -> inventory(event));
            case SquarePlatform.EVENT_CATALOG_VERSION_UPDATED -> Mono.defer(() -> catalog(event, target));
            default -> Mono.error(new PlatformDataException("unsupported Square event " + type));
        };
    }

    private static String type(WebhookEvent event) {
        String type = PlatformJson.text(event.body(), "type");
        return type != null ? type : event.eventType();
    }

    /** The IN_STOCK counts of an {@code inventory.count.updated} event. */
    public static List<CatalogChange> inventory(WebhookEvent event) {
        JsonNode counts = event.body().path("data").path("object").path("inventory_counts");
        if (!counts.isArray()) {
            throw new PlatformDataException("Square inventory.count.updated has no data.object.inventory_counts");
        }
        Instant created = PlatformJson.time(event.body(), "created_at");
        List<CatalogChange> changes = new ArrayList<>();
        for (JsonNode count : counts) {
            String state = PlatformJson.text(count, "state");
            if (state != null && !"IN_STOCK".equals(state)) {
                continue;
            }
            String objectId = PlatformJson.required(count, "catalog_object_id", "Square inventory count");
            BigDecimal quantity = PlatformJson.decimal(count, "quantity");
            if (quantity == null) {
                throw new PlatformDataException("Square inventory count has no quantity");
            }
            String location = PlatformJson.text(count, "location_id");
            InventoryLevel change = InventoryLevel.newBuilder().setVariantId(objectId).setLocationId(location)
                    .setQuantity(quantity).setState(state).build();
            Instant at = PlatformJson.time(count, "calculated_at");
            changes.add(event.source().change(objectId,
                    at != null ? at : created != null ? created : event.receivedAt(), "inventory:" + location, change));
        }
        return changes;
    }

    private Mono<List<CatalogChange>> catalog(WebhookEvent event, ApiTarget target) {
        Instant updatedAt = PlatformJson.time(event.body().path("data").path("object").path("catalog_version"),
                "updated_at");
        if (updatedAt == null) {
            return Mono.error(new PlatformDataException(
                    "Square catalog.version.updated has no data.object.catalog_version.updated_at"));
        }
        return api.catalogChangedSince(CatalogWebhookMapper.require(target, event), updatedAt.minus(lookback))
                .filter(o -> "ITEM".equals(PlatformJson.text(o, "type")))
                .map(o -> catalogObject(event, o, updatedAt))
                .collectList();
    }

    /** One ITEM of a catalog search answer: an upsert (hidden when archived), or a delete when {@code is_deleted}. */
    public static CatalogChange catalogObject(WebhookEvent event, JsonNode object, Instant versionTime) {
        return catalogObject(event.source(), object, versionTime);
    }

    /** One ITEM of a catalog search answer (polling or webhook): upsert, or delete when {@code is_deleted}. */
    public static CatalogChange catalogObject(ChangeSource source, JsonNode object, Instant versionTime) {
        String id = PlatformJson.required(object, "id", "Square catalog object");
        Instant at = PlatformJson.time(object, "updated_at");
        Instant sourceTime = at != null ? at : versionTime;
        String version = String.valueOf(PlatformJson.text(object, "version"));
        if (object.path("is_deleted").asBoolean(false)) {
            return source.change(id, sourceTime, "delete:" + version,
                    ProductDelete.newBuilder().setReason("deleted").build());
        }
        JsonNode data = object.path("item_data");
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : data.path("variations")) {
            JsonNode vd = v.path("item_variation_data");
            JsonNode money = vd.path("price_money");
            variants.add(Variant.newBuilder().setVariantId(PlatformJson.required(v, "id", "Square variation"))
                    .setTitle(PlatformJson.text(vd, "name")).setSku(PlatformJson.text(vd, "sku"))
                    .setPrice(PlatformJson.cents(money, "amount")).setCurrency(PlatformJson.text(money, "currency"))
                    .build());
        }
        boolean archived = data.path("is_archived").asBoolean(false);
        String name = PlatformJson.text(data, "name");
        ProductUpsert change = ProductUpsert.newBuilder().setTitle(name == null ? "" : name)
                .setStatus(archived ? "ARCHIVED" : "ACTIVE").setHidden(archived).setVariants(variants)
                .setExtras(Map.of("version", version)).build();
        return source.change(id, sourceTime, "upsert:" + version, change);
    }

    /**
     * What availability needs of an ITEM, kept between polls: per variation its id, whether its stock is tracked
     * ({@code track_inventory} on the variation or on any of its {@code location_overrides}) and whether it is
     * {@code sold_out} at {@code locationId} (at any location when null). Format: {@code id|tracked|soldOut;...}.
     */
    public static String stockProfile(JsonNode item, String locationId) {
        StringBuilder profile = new StringBuilder();
        for (JsonNode v : item.path("item_data").path("variations")) {
            String id = PlatformJson.text(v, "id");
            if (id == null) {
                continue;
            }
            JsonNode vd = v.path("item_variation_data");
            boolean tracked = vd.path("track_inventory").asBoolean(false);
            boolean soldOut = false;
            for (JsonNode override : vd.path("location_overrides")) {
                String at = PlatformJson.text(override, "location_id");
                boolean here = locationId == null || locationId.equals(at);
                tracked |= here && override.path("track_inventory").asBoolean(false);
                soldOut |= here && override.path("sold_out").asBoolean(false);
            }
            if (profile.length() > 0) {
                profile.append(';');
            }
            profile.append(id).append('|').append(tracked).append('|').append(soldOut);
        }
        return profile.toString();
    }

    /** The variation ids of a {@link #stockProfile}. */
    public static List<String> profileVariations(String profile) {
        List<String> ids = new ArrayList<>();
        if (profile != null && !profile.isEmpty()) {
            for (String v : profile.split(";")) {
                ids.add(v.substring(0, v.indexOf('|')));
            }
        }
        return ids;
    }

    /**
     * Square's availability rule: a variation is unavailable when it is {@code sold_out} at the location, or its stock
     * is tracked and its IN_STOCK quantity ({@code quantities}, by variation; none counted = 0) is zero or less; an
     * ITEM is unavailable when all of its variations are (an ITEM without variations stays available).
     */
    public static boolean isAvailable(String profile, Map<String, BigDecimal> quantities) {
        if (profile == null || profile.isEmpty()) {
            return true;
        }
        for (String v : profile.split(";")) {
            String[] parts = v.split("\\|");
            boolean tracked = Boolean.parseBoolean(parts[1]);
            boolean soldOut = Boolean.parseBoolean(parts[2]);
            BigDecimal quantity = quantities.getOrDefault(parts[0], BigDecimal.ZERO);
            if (!soldOut && !(tracked && quantity.signum() <= 0)) {
                return true;
            }
        }
        return false;
    }

    /** The availability of one polled ITEM ({@link #isAvailable}); {@code version} tells polls apart in the id. */
    public static CatalogChange availability(ChangeSource source, String itemId, String name, boolean available,
            Instant at, String version) {
        return source.change(itemId, at, "availability:" + version, AvailabilityChange.newBuilder()
                .setAvailable(available).setName(name).setStatus(available ? "IN_STOCK" : "SOLD_OUT").build());
    }

    /** An ITEM deleted on Square or no longer listed (reason {@code deleted}/{@code ghost}): unavailable, DELETED. */
    public static CatalogChange deletedAvailability(ChangeSource source, String itemId, Instant at, String reason) {
        return source.change(itemId, at, reason + ":availability",
                AvailabilityChange.newBuilder().setAvailable(false).setStatus("DELETED").build());
    }

    /** A ghost: a delete for an ITEM a full listing no longer has. */
    public static CatalogChange ghost(ChangeSource source, String itemId, Instant at) {
        return source.change(itemId, at, "ghost", ProductDelete.newBuilder().setReason("ghost").build());
    }

    /** One IN_STOCK count read by a poll: its variation, location, quantity and InventoryLevel change. */
    public record PolledCount(String variationId, String locationId, BigDecimal quantity, CatalogChange change) {
    }

    /** One ITEM read by a poll: deleted or not, its name, stock profile, variation ids and changes. */
    public record PolledItem(String id, boolean deleted, String name, String profile, List<String> variations,
            List<CatalogChange> changes) {
    }

    /** A page of polled records and the cursor of the next page (null on the last). */
    public record Page<T>(List<T> records, String cursor) {
    }

    /** The IN_STOCK counts of a BatchRetrieveInventoryCounts answer. */
    public static Page<PolledCount> polledCounts(ChangeSource source, JsonNode answer, Instant fallback) {
        List<PolledCount> counts = new ArrayList<>();
        for (JsonNode count : answer.path("counts")) {
            CatalogChange change = count(source, count, fallback);
            if (change != null) {
                InventoryLevel level = (InventoryLevel) change.getChange();
                counts.add(new PolledCount(change.getItemId(), level.getLocationId(), level.getQuantity(), change));
            }
        }
        return new Page<>(counts, cursor(answer));
    }

    /**
     * The ITEMs of a SearchCatalogObjects answer: a deleted one as a delete and an unavailable DELETED availability,
     * a live one as its upsert with its stock profile at {@code locationId}.
     */
    public static Page<PolledItem> polledItems(ChangeSource source, JsonNode answer, Instant at, String locationId) {
        List<PolledItem> items = new ArrayList<>();
        for (JsonNode object : answer.path("objects")) {
            if (!"ITEM".equals(PlatformJson.text(object, "type"))) {
                continue;
            }
            String id = PlatformJson.required(object, "id", "Square catalog object");
            CatalogChange change = catalogObject(source, object, at);
            if (object.path("is_deleted").asBoolean(false)) {
                items.add(new PolledItem(id, true, null, null, List.of(),
                        List.of(change, deletedAvailability(source, id, at, "deleted"))));
            } else {
                String profile = stockProfile(object, locationId);
                items.add(new PolledItem(id, false, PlatformJson.text(object.path("item_data"), "name"), profile,
                        profileVariations(profile), List.of(change)));
            }
        }
        return new Page<>(items, cursor(answer));
    }

    private static String cursor(JsonNode answer) {
        String cursor = PlatformJson.text(answer, "cursor");
        return cursor == null || cursor.isBlank() ? null : cursor;
    }

    /** An IN_STOCK count of a BatchRetrieveInventoryCounts answer as an InventoryLevel (other states: null). */
    public static CatalogChange count(ChangeSource source, JsonNode count, Instant fallback) {
        String state = PlatformJson.text(count, "state");
        if (state != null && !"IN_STOCK".equals(state)) {
            return null;
        }
        String objectId = PlatformJson.required(count, "catalog_object_id", "Square inventory count");
        BigDecimal quantity = PlatformJson.decimal(count, "quantity");
        if (quantity == null) {
            throw new PlatformDataException("Square inventory count has no quantity");
        }
        String location = PlatformJson.text(count, "location_id");
        Instant at = PlatformJson.time(count, "calculated_at");
        return source.change(objectId, at != null ? at : fallback, "inventory:" + location + ":"
                        + (at != null ? at.toEpochMilli() : fallback.toEpochMilli()),
                InventoryLevel.newBuilder().setVariantId(objectId).setLocationId(location).setQuantity(quantity)
                        .setState(state).build());
    }
}
