package io.tillsync.poller.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A local stand-in for Toast's menus v2 and stock APIs (doc.toasttab.com): {@code GET /menus/v2/metadata}
 * ({@code restaurantGuid}, {@code lastUpdated}), {@code GET /menus/v2/menus} (menus → nested menuGroups → menuItems
 * with guid, name, price), {@code GET /stock/v1/inventory} (a JSON array of {@code MenuItemInventory} for the
 * OUT_OF_STOCK and QUANTITY items only). Bearer token per restaurant, named by {@code Toast-Restaurant-External-ID}.
 */
public final class FakeToast extends FakePlatform {

    record Stock(String status, Double quantity) {
    }

    private final Map<String, Map<String, String>> menus = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Stock>> stock = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUpdated = new ConcurrentHashMap<>();

    public FakeToast restaurant(String guid, String token) {
        tokens.put(guid, token);
        menus.putIfAbsent(guid, new LinkedHashMap<>());
        stock.putIfAbsent(guid, new ConcurrentHashMap<>());
        lastUpdated.putIfAbsent(guid, Instant.parse("2026-11-01T10:00:00Z"));
        return this;
    }

    /** Publishes the menus with these items (guid → name), as a restaurant does in Toast Web. */
    public synchronized FakeToast publish(String restaurant, Map<String, String> items, Instant at) {
        menus.put(restaurant, new LinkedHashMap<>(items));
        lastUpdated.put(restaurant, at);
        return this;
    }

    /** Sets an item's stock: OUT_OF_STOCK, QUANTITY (with a quantity) or IN_STOCK (drops off the listing). */
    public FakeToast stock(String restaurant, String guid, String status, Double quantity) {
        if ("IN_STOCK".equals(status)) {
            stock.get(restaurant).remove(guid);
        } else {
            stock.get(restaurant).put(guid, new Stock(status, quantity));
        }
        return this;
    }

    @Override
    String account(HttpServerRequest request) {
        String restaurant = request.requestHeaders().get("Toast-Restaurant-External-ID");
        String auth = request.requestHeaders().get("Authorization");
        String token = restaurant == null ? null : tokens.get(restaurant);
        return token != null && ("Bearer " + token).equals(auth) ? restaurant : null;
    }

    @Override
    synchronized Answer answer(String restaurant, String method, String path, Map<String, String> query, JsonNode body) {
        switch (path) {
            case "/menus/v2/metadata" -> {
                return Answer.ok(object().put("restaurantGuid", restaurant)
                        .put("lastUpdated", lastUpdated.get(restaurant).toString()));
            }
            case "/menus/v2/menus" -> {
                ObjectNode doc = object().put("restaurantGuid", restaurant)
                        .put("lastUpdated", lastUpdated.get(restaurant).toString());
                ObjectNode menu = doc.putArray("menus").addObject().put("name", "Main").put("guid", "menu-1");
                ObjectNode group = menu.putArray("menuGroups").addObject().put("name", "Food").put("guid", "group-1");
                ArrayNode items = group.putArray("menuItems");
                ArrayNode nested = group.putArray("menuGroups").addObject().put("name", "Sides").put("guid", "group-2")
                        .putArray("menuItems");
                int i = 0;
                for (Map.Entry<String, String> item : menus.get(restaurant).entrySet()) {
                    (i++ % 2 == 0 ? items : nested).addObject().put("guid", item.getKey()).put("name", item.getValue())
                            .put("price", 12.5).put("plu", "").put("sku", "SKU-" + item.getKey());
                }
                return Answer.ok(doc);
            }
            case "/stock/v1/inventory" -> {
                ArrayNode array = json.createArrayNode();
                stock.get(restaurant).forEach((guid, s) -> {
                    ObjectNode inv = array.addObject().put("guid", guid).put("status", s.status())
                            .put("multiLocationId", "ml-" + guid);
                    if (s.quantity() == null) {
                        inv.putNull("quantity");
                    } else {
                        inv.put("quantity", s.quantity());
                    }
                });
                return Answer.ok(array);
            }
            default -> {
                return new Answer(404, error(404), Map.of());
            }
        }
    }

    @Override
    Object error(int status) {
        return object().put("status", status).put("code", status).put("message", "fake toast error " + status);
    }
}
