package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Square webhooks: {@code inventory.count.updated} → one InventoryLevel per IN_STOCK count (quantity arrives as a
 * string; other states such as SOLD or WASTE are movements, not what can be sold, and are skipped), keyed by the
 * catalog object (the item variation). {@code catalog.version.updated} carries only the new version's time, so the
 * changed ITEMs are fetched with SearchCatalogObjects from that time minus a look-back; deleted objects
 * ({@code is_deleted: true}) become ProductDelete. Money is in minor units (cents; two-decimal currencies).
 */
@Component
public class SquareParser implements CatalogParser {

    private final SquareApi api;
    private final InboundProperties properties;

    public SquareParser(SquareApi api, InboundProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @Override
    public String provider() {
        return "square";
    }

    @Override
    public boolean supports(InboundEvent event) {
        String type = type(event);
        return "inventory.count.updated".equals(type) || "catalog.version.updated".equals(type);
    }

    @Override
    public Mono<List<CatalogChange>> parse(InboundEvent event) {
        return switch (type(event)) {
            case "inventory.count.updated" -> Mono.fromCallable(() -> inventory(event));
            case "catalog.version.updated" -> catalog(event);
            default -> Mono.error(new UnprocessableEventException("unsupported Square event " + type(event)));
        };
    }

    private static String type(InboundEvent event) {
        String type = CatalogChanges.text(event.body(), "type");
        return type != null ? type : event.webhook().getEventType();
    }

    private static List<CatalogChange> inventory(InboundEvent event) {
        JsonNode counts = event.body().path("data").path("object").path("inventory_counts");
        if (!counts.isArray()) {
            throw new UnprocessableEventException("Square inventory.count.updated has no data.object.inventory_counts");
        }
        Instant created = CatalogChanges.time(event.body(), "created_at");
        List<CatalogChange> changes = new ArrayList<>();
        for (JsonNode count : counts) {
            String state = CatalogChanges.text(count, "state");
            if (state != null && !"IN_STOCK".equals(state)) {
                continue;
            }
            String objectId = CatalogChanges.required(count, "catalog_object_id", "Square inventory count");
            BigDecimal quantity = CatalogChanges.decimal(count, "quantity");
            if (quantity == null) {
                throw new UnprocessableEventException("Square inventory count has no quantity");
            }
            String location = CatalogChanges.text(count, "location_id");
            InventoryLevel change = InventoryLevel.newBuilder().setVariantId(objectId).setLocationId(location)
                    .setQuantity(quantity).setState(state).build();
            Instant at = CatalogChanges.time(count, "calculated_at");
            changes.add(CatalogChanges.of(event, objectId, at != null ? at : created != null ? created : event.receivedAt(),
                    "inventory:" + location, change));
        }
        return changes;
    }

    private Mono<List<CatalogChange>> catalog(InboundEvent event) {
        Instant updatedAt = CatalogChanges.time(event.body().path("data").path("object").path("catalog_version"),
                "updated_at");
        if (updatedAt == null) {
            return Mono.error(new UnprocessableEventException(
                    "Square catalog.version.updated has no data.object.catalog_version.updated_at"));
        }
        ProviderApiTarget target = event.api();
        return api.catalogChangedSince(target, updatedAt.minus(properties.squareCatalogLookback()))
                .filter(o -> "ITEM".equals(CatalogChanges.text(o, "type")))
                .map(o -> catalogObject(event, o, updatedAt))
                .collectList();
    }

    private static CatalogChange catalogObject(InboundEvent event, JsonNode object, Instant versionTime) {
        String id = CatalogChanges.required(object, "id", "Square catalog object");
        Instant at = CatalogChanges.time(object, "updated_at");
        Instant sourceTime = at != null ? at : versionTime;
        String version = String.valueOf(CatalogChanges.text(object, "version"));
        if (object.path("is_deleted").asBoolean(false)) {
            return CatalogChanges.of(event, id, sourceTime, "delete:" + version,
                    ProductDelete.newBuilder().setReason("deleted").build());
        }
        JsonNode data = object.path("item_data");
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : data.path("variations")) {
            JsonNode vd = v.path("item_variation_data");
            JsonNode money = vd.path("price_money");
            variants.add(Variant.newBuilder().setVariantId(CatalogChanges.required(v, "id", "Square variation"))
                    .setTitle(CatalogChanges.text(vd, "name")).setSku(CatalogChanges.text(vd, "sku"))
                    .setPrice(CatalogChanges.cents(money, "amount")).setCurrency(CatalogChanges.text(money, "currency"))
                    .build());
        }
        boolean archived = data.path("is_archived").asBoolean(false);
        ProductUpsert change = ProductUpsert.newBuilder()
                .setTitle(CatalogChanges.text(data, "name") == null ? "" : CatalogChanges.text(data, "name"))
                .setStatus(archived ? "ARCHIVED" : "ACTIVE").setHidden(archived).setVariants(variants)
                .setExtras(Map.of("version", version)).build();
        return CatalogChanges.of(event, id, sourceTime, "upsert:" + version, change);
    }
}
