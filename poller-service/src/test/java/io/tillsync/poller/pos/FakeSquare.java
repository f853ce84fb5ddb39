package io.tillsync.poller.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A local stand-in for Square's Catalog and Inventory APIs (developer.squareup.com reference):
 * {@code POST /v2/catalog/search} (object_types ITEM, {@code begin_time}: objects updated after it, deleted ones with
 * {@code is_deleted: true} when {@code include_deleted_objects}; {@code limit}; an opaque {@code cursor} while more
 * remain) and {@code POST /v2/inventory/counts/batch-retrieve} ({@code updated_after} on {@code calculated_at},
 * {@code limit}, {@code cursor}; quantities as strings). ITEMs carry their ITEM_VARIATIONs with
 * {@code track_inventory} and {@code location_overrides[].sold_out}. Bearer token per seller; errors in Square's
 * {@code {"errors":[{category, code, detail}]}} shape.
 */
public final class FakeSquare extends FakePlatform {

    public static final String LOCATION = "L1";

    public record Item(String id, String name, long cents, boolean tracked, boolean soldOut, boolean deleted, Instant updated) {
        public String variationId() {
            return id + "-V";
        }
    }

    public record Count(String variationId, String quantity, Instant calculated) {
    }

    private final Map<String, Map<String, Item>> items = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Count>> counts = new ConcurrentHashMap<>();

    public FakeSquare seller(String token) {
        tokens.put(token, token);
        items.putIfAbsent(token, new ConcurrentHashMap<>());
        counts.putIfAbsent(token, new ConcurrentHashMap<>());
        return this;
    }

    public FakeSquare put(String token, Item item) {
        items.get(token).put(item.id(), item);
        return this;
    }

    public FakeSquare count(String token, String variationId, String quantity, Instant at) {
        counts.get(token).put(variationId, new Count(variationId, quantity, at));
        return this;
    }

    @Override
    String account(HttpServerRequest request) {
        String auth = request.requestHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || request.requestHeaders().get("Square-Version") == null) {
            return null;
        }
        return tokens.get(auth.substring("Bearer ".length()));
    }

    @Override
    synchronized Answer answer(String seller, String method, String path, Map<String, String> query, JsonNode body) {
        int limit = body.path("limit").asInt(100);
        int offset = body.hasNonNull("cursor") ? Integer.parseInt(body.get("cursor").asText().substring(2)) : 0;
        if ("/v2/catalog/search".equals(path)) {
            Instant begin = body.hasNonNull("begin_time") ? Instant.parse(body.get("begin_time").asText()) : null;
            boolean deleted = body.path("include_deleted_objects").asBoolean(false);
            List<Item> matching = new ArrayList<>(items.get(seller).values().stream()
                    .filter(i -> begin == null || i.updated().isAfter(begin))
                    .filter(i -> deleted || !i.deleted()).toList());
            matching.sort(Comparator.comparing(Item::updated).thenComparing(Item::id));
            ObjectNode answer = object();
            ArrayNode objects = answer.putArray("objects");
            for (Item i : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
                objects.add(item(i));
            }
            if (offset + limit < matching.size()) {
                answer.put("cursor", "c:" + (offset + limit));
            }
            answer.put("latest_time", Instant.now().toString());
            return Answer.ok(answer);
        }
        if ("/v2/inventory/counts/batch-retrieve".equals(path)) {
            Instant after = body.hasNonNull("updated_after") ? Instant.parse(body.get("updated_after").asText()) : null;
            List<Count> matching = new ArrayList<>(counts.get(seller).values().stream()
                    .filter(c -> after == null || c.calculated().isAfter(after)).toList());
            matching.sort(Comparator.comparing(Count::calculated).reversed().thenComparing(Count::variationId));
            ObjectNode answer = object();
            ArrayNode array = answer.putArray("counts");
            for (Count c : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
                array.addObject().put("catalog_object_id", c.variationId()).put("catalog_object_type", "ITEM_VARIATION")
                        .put("state", "IN_STOCK").put("location_id", LOCATION).put("quantity", c.quantity())
                        .put("calculated_at", c.calculated().toString());
            }
            if (offset + limit < matching.size()) {
                answer.put("cursor", "c:" + (offset + limit));
            }
            return Answer.ok(answer);
        }
        return new Answer(404, error(404), Map.of());
    }

    private ObjectNode item(Item i) {
        ObjectNode o = object().put("type", "ITEM").put("id", i.id()).put("updated_at", i.updated().toString())
                .put("version", i.updated().toEpochMilli()).put("is_deleted", i.deleted())
                .put("present_at_all_locations", true);
        ObjectNode data = o.putObject("item_data").put("name", i.name());
        ObjectNode variation = data.putArray("variations").addObject().put("type", "ITEM_VARIATION")
                .put("id", i.variationId()).put("updated_at", i.updated().toString())
                .put("version", i.updated().toEpochMilli()).put("is_deleted", i.deleted());
        ObjectNode vd = variation.putObject("item_variation_data").put("item_id", i.id()).put("name", "Regular")
                .put("sku", "SKU-" + i.id()).put("pricing_type", "FIXED_PRICING").put("track_inventory", i.tracked());
        vd.putObject("price_money").put("amount", i.cents()).put("currency", "USD");
        vd.putArray("location_overrides").addObject().put("location_id", LOCATION).put("track_inventory", i.tracked())
                .put("sold_out", i.soldOut());
        return o;
    }

    @Override
    Object error(int status) {
        String category = status == 429 ? "RATE_LIMIT_ERROR" : status == 401 ? "AUTHENTICATION_ERROR" : "API_ERROR";
        String code = status == 429 ? "RATE_LIMITED" : status == 401 ? "UNAUTHORIZED" : "NOT_FOUND";
        ObjectNode body = object();
        body.putArray("errors").addObject().put("category", category).put("code", code).put("detail", "fake square");
        return body;
    }
}
