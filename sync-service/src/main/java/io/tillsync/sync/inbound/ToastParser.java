package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Toast webhooks: stock events ({@code out_of_stock}, {@code in_stock}, {@code low_quantity}) → AvailabilityChange
 * of {@code details.itemGuid} (low quantity is still available); {@code menus_updated} → the restaurant's menus are
 * fetched ({@code GET /menus/v2/menus}) and every menu item, found through nested menu groups and counted once,
 * becomes a ProductUpsert with its price as an exact decimal.
 */
@Component
public class ToastParser implements CatalogParser {

    private final ToastApi api;

    public ToastParser(ToastApi api) {
        this.api = api;
    }

    @Override
    public String provider() {
        return "toast";
    }

    @Override
    public boolean supports(InboundEvent event) {
        String category = CatalogChanges.text(event.body(), "eventCategory");
        String type = type(event);
        return "stock".equals(category) || "menus".equals(category) || "menus_updated".equals(type)
                || "out_of_stock".equals(type) || "in_stock".equals(type) || "low_quantity".equals(type);
    }

    @Override
    public Mono<List<CatalogChange>> parse(InboundEvent event) {
        String type = type(event);
        return switch (type) {
            case "out_of_stock", "in_stock", "low_quantity" -> Mono.fromCallable(() -> List.of(stock(event, type)));
            case "menus_updated" -> menus(event);
            default -> Mono.error(new UnprocessableEventException("unsupported Toast event " + type));
        };
    }

    private static String type(InboundEvent event) {
        String type = CatalogChanges.text(event.body(), "eventType");
        return (type != null ? type : event.webhook().getEventType()).toLowerCase(Locale.ROOT);
    }

    private static CatalogChange stock(InboundEvent event, String type) {
        JsonNode details = event.body().path("details");
        String item = CatalogChanges.required(details, "itemGuid", "Toast stock event details");
        String status = CatalogChanges.text(details, "status");
        Instant at = CatalogChanges.time(event.body(), "timestamp");
        AvailabilityChange change = AvailabilityChange.newBuilder().setAvailable(!"out_of_stock".equals(type))
                .setStatus(status != null ? status : type.toUpperCase(Locale.ROOT)).build();
        return CatalogChanges.of(event, item, at != null ? at : event.receivedAt(), "stock", change);
    }

    private Mono<List<CatalogChange>> menus(InboundEvent event) {
        String restaurant = CatalogChanges.text(event.body().path("details"), "restaurantGuid");
        if (restaurant == null) {
            restaurant = CatalogChanges.text(event.body(), "restaurantGuid");
        }
        if (restaurant == null) {
            restaurant = event.connection().account();
        }
        if (restaurant == null) {
            return Mono.error(new UnprocessableEventException("Toast menus_updated names no restaurant and the "
                    + "connection has no account"));
        }
        Instant eventTime = CatalogChanges.time(event.body(), "timestamp");
        return api.menus(event.api(), restaurant).map(document -> {
            Instant lastUpdated = CatalogChanges.time(document, "lastUpdated");
            Instant at = lastUpdated != null ? lastUpdated : eventTime != null ? eventTime : event.receivedAt();
            Map<String, JsonNode> items = new LinkedHashMap<>();
            for (JsonNode menu : document.path("menus")) {
                collect(menu.path("menuGroups"), items);
            }
            List<CatalogChange> changes = new ArrayList<>(items.size());
            items.forEach((guid, item) -> changes.add(upsert(event, guid, item, at)));
            return changes;
        });
    }

    private static void collect(JsonNode groups, Map<String, JsonNode> items) {
        for (JsonNode group : groups) {
            for (JsonNode item : group.path("menuItems")) {
                String guid = CatalogChanges.text(item, "guid");
                if (guid != null) {
                    items.putIfAbsent(guid, item);
                }
            }
            collect(group.path("menuGroups"), items);
        }
    }

    private static CatalogChange upsert(InboundEvent event, String guid, JsonNode item, Instant at) {
        String name = CatalogChanges.text(item, "name");
        Map<String, String> extras = new LinkedHashMap<>();
        String plu = CatalogChanges.text(item, "plu");
        if (plu != null && !plu.isBlank()) {
            extras.put("plu", plu);
        }
        Variant variant = Variant.newBuilder().setVariantId(guid).setTitle(name).setSku(CatalogChanges.text(item, "sku"))
                .setPrice(CatalogChanges.decimal(item, "price")).build();
        return CatalogChanges.of(event, guid, at, "menu:" + at.toEpochMilli(), ProductUpsert.newBuilder()
                .setTitle(name == null ? "" : name).setVariants(List.of(variant)).setExtras(extras).build());
    }
}
