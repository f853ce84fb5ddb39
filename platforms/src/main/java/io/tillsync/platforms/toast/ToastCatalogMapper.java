package io.tillsync.platforms.toast;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Toast webhooks: stock events ({@code out_of_stock}, {@code in_stock}, {@code low_quantity}) → AvailabilityChange
 * of {@code details.itemGuid} (low quantity is still available); {@code menus_updated} → the restaurant's menus are
 * fetched ({@code GET /menus/v2/menus}) and every menu item, found through nested menu groups and counted once,
 * becomes a ProductUpsert with its price as an exact decimal. The restaurant is the event's
 * {@code details.restaurantGuid}, else its {@code restaurantGuid}, else the connection's account.
 */
public final class ToastCatalogMapper implements CatalogWebhookMapper {

    private final ToastClient api;

    public ToastCatalogMapper(ToastClient api) {
        this.api = api;
    }

    @Override
    public Provider provider() {
        return Provider.TOAST;
    }

    @Override
    public boolean supports(WebhookEvent event) {
        String category = PlatformJson.text(event.body(), "eventCategory");
        String type = type(event);
        return ToastPlatform.CATEGORY_STOCK.equals(category) || ToastPlatform.CATEGORY_MENUS.equals(category)
                || ToastPlatform.EVENT_MENUS_UPDATED.equals(type) || ToastPlatform.STOCK_EVENTS.contains(type);
    }

    @Override
    public Mono<List<CatalogChange>> changes(WebhookEvent event, ApiTarget target) {
        String type = type(event);
        if (ToastPlatform.STOCK_EVENTS.contains(type)) {
            return Mono.fromCallable(() -> List.of(stock(event, type)));
        }
        if (ToastPlatform.EVENT_MENUS_UPDATED.equals(type)) {
            return Mono.defer(() -> menus(event, target));
        }
        return Mono.error(new PlatformDataException("unsupported Toast event " + type));
    }

    private static String type(WebhookEvent event) {
        String type = PlatformJson.text(event.body(), "eventType");
        String chosen = type != null ? type : event.eventType();
        return chosen == null ? "" : chosen.toLowerCase(Locale.ROOT);
    }

    private static CatalogChange stock(WebhookEvent event, String type) {
        JsonNode details = event.body().path("details");
        String item = PlatformJson.required(details, "itemGuid", "Toast stock event details");
        String status = PlatformJson.text(details, "status");
        Instant at = PlatformJson.time(event.body(), "timestamp");
        AvailabilityChange change = AvailabilityChange.newBuilder()
                .setAvailable(!ToastPlatform.EVENT_OUT_OF_STOCK.equals(type))
                .setStatus(status != null ? status : type.toUpperCase(Locale.ROOT)).build();
        return event.source().change(item, at != null ? at : event.receivedAt(), "stock", change);
    }

    private Mono<List<CatalogChange>> menus(WebhookEvent event, ApiTarget target) {
        String restaurant = PlatformJson.text(event.body().path("details"), "restaurantGuid");
        if (restaurant == null) {
            restaurant = PlatformJson.text(event.body(), "restaurantGuid");
        }
        if (restaurant == null) {
            restaurant = event.account();
        }
        if (restaurant == null) {
            return Mono.error(new PlatformDataException("Toast menus_updated names no restaurant and the "
                    + "connection has no account"));
        }
        Instant eventTime = PlatformJson.time(event.body(), "timestamp");
        return api.menus(CatalogWebhookMapper.require(target, event), restaurant)
                .map(document -> menuChanges(event, document, eventTime));
    }

    /** Every menu item of a {@code /menus/v2/menus} document, once, as an upsert stamped with its lastUpdated. */
    public static List<CatalogChange> menuChanges(WebhookEvent event, JsonNode document, Instant eventTime) {
        Instant lastUpdated = PlatformJson.time(document, "lastUpdated");
        return menuChanges(event.source(), document,
                lastUpdated != null ? lastUpdated : eventTime != null ? eventTime : event.receivedAt());
    }

    /** Every menu item of a {@code /menus/v2/menus} document, once, as an upsert stamped {@code at} (polling). */
    public static List<CatalogChange> menuChanges(ChangeSource source, JsonNode document, Instant at) {
        Map<String, JsonNode> items = menuItems(document);
        List<CatalogChange> changes = new ArrayList<>(items.size());
        items.forEach((guid, item) -> changes.add(upsert(source, guid, item, at)));
        return changes;
    }

    /** A polled menus document: every item's name by guid (document order) and their upserts. */
    public record PolledMenus(Map<String, String> names, List<CatalogChange> upserts) {
    }

    /** One {@code MenuItemInventory} of {@code /stock/v1/inventory}: guid, status, quantity (null unless QUANTITY). */
    public record StockItem(String guid, String status, BigDecimal quantity) {
    }

    /** A polled {@code /menus/v2/menus} document as names and upserts stamped {@code at}. */
    public static PolledMenus polledMenus(ChangeSource source, JsonNode document, Instant at) {
        Map<String, String> names = new LinkedHashMap<>();
        menuItems(document).forEach((guid, item) -> names.put(guid, PlatformJson.text(item, "name")));
        return new PolledMenus(names, menuChanges(source, document, at));
    }

    /** The {@code MenuItemInventory} elements of a {@code /stock/v1/inventory} answer that name a guid. */
    public static List<StockItem> stockItems(JsonNode answer) {
        List<StockItem> items = new ArrayList<>();
        for (JsonNode inventory : answer) {
            String guid = PlatformJson.text(inventory, "guid");
            if (guid != null) {
                items.add(new StockItem(guid, PlatformJson.text(inventory, "status"),
                        PlatformJson.decimal(inventory, "quantity")));
            }
        }
        return items;
    }

    /** The menu items of a {@code /menus/v2/menus} document by guid, each once, in document order. */
    public static Map<String, JsonNode> menuItems(JsonNode document) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode menu : document.path("menus")) {
            collect(menu.path("menuGroups"), items);
        }
        return items;
    }

    /**
     * Toast's availability rule for a stock status (doc.toasttab.com apiUsingTheStockApi): {@code OUT_OF_STOCK}, or
     * {@code QUANTITY} with nothing left, is unavailable; {@code QUANTITY} above zero and {@code IN_STOCK} (or an
     * item the {@code /inventory} listing leaves out) are available.
     */
    public static boolean isAvailable(String status, BigDecimal quantity) {
        if (ToastPlatform.STOCK_OUT_OF_STOCK.equals(status)) {
            return false;
        }
        return !(ToastPlatform.STOCK_QUANTITY.equals(status) && quantity != null && quantity.signum() <= 0);
    }

    /**
     * The availability of one polled item: {@code status} and {@code quantity} from a {@code MenuItemInventory} of
     * {@code /stock/v1/inventory}, or {@code IN_STOCK} for an item that listing leaves out. {@code version}
     * tells the polls apart in the change id.
     */
    public static CatalogChange stockAvailability(ChangeSource source, String itemGuid, String name, String status,
            BigDecimal quantity, Instant at, String version) {
        AvailabilityChange change = AvailabilityChange.newBuilder().setAvailable(isAvailable(status, quantity))
                .setName(name).setStatus(status).build();
        return source.change(itemGuid, at, "stock:" + version, change);
    }

    /** A menu item no longer on the restaurant's menus: a ghost delete and an unavailable DELETED availability. */
    public static List<CatalogChange> removed(ChangeSource source, String itemGuid, Instant at) {
        return List.of(source.change(itemGuid, at, "ghost", ProductDelete.newBuilder().setReason("ghost").build()),
                source.change(itemGuid, at, "ghost:availability",
                        AvailabilityChange.newBuilder().setAvailable(false).setStatus("DELETED").build()));
    }

    private static void collect(JsonNode groups, Map<String, JsonNode> items) {
        for (JsonNode group : groups) {
            for (JsonNode item : group.path("menuItems")) {
                String guid = PlatformJson.text(item, "guid");
                if (guid != null) {
                    items.putIfAbsent(guid, item);
                }
            }
            collect(group.path("menuGroups"), items);
        }
    }

    private static CatalogChange upsert(ChangeSource source, String guid, JsonNode item, Instant at) {
        String name = PlatformJson.text(item, "name");
        Map<String, String> extras = new LinkedHashMap<>();
        String plu = PlatformJson.text(item, "plu");
        if (plu != null && !plu.isBlank()) {
            extras.put("plu", plu);
        }
        Variant variant = Variant.newBuilder().setVariantId(guid).setTitle(name).setSku(PlatformJson.text(item, "sku"))
                .setPrice(PlatformJson.decimal(item, "price")).build();
        return source.change(guid, at, "menu:" + at.toEpochMilli(), ProductUpsert.newBuilder()
                .setTitle(name == null ? "" : name).setVariants(List.of(variant)).setExtras(extras).build());
    }
}
