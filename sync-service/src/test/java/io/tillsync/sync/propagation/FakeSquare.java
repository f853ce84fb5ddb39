package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.sync.FakeProviderServer;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Square's Catalog and Inventory APIs as the {@link SquareWriter} and the catalog fetch use them: UpsertCatalogObject
 * (ITEM with variations, or one ITEM_VARIATION), DeleteCatalogObject, BatchChangeInventory and SearchCatalogObjects
 * by {@code begin_time} (deleted objects included). Like Square, it sends {@code catalog.version.updated} after every
 * catalog change (naming only the version's time) and {@code inventory.count.updated} after every count.
 */
final class FakeSquare extends EchoingPlatform {

    private final Map<String, ObjectNode> items = new ConcurrentHashMap<>();
    private final Map<String, String> itemOfVariation = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeSquare() {
        server.on("POST", "/v2/catalog/object", write(this::upsert));
        server.onPrefix("DELETE", "/v2/catalog/object/", write(this::delete));
        server.on("POST", "/v2/inventory/changes/batch-create", write(this::count));
        server.on("POST", "/v2/catalog/search", this::search);
    }

    @Override
    List<FakeProviderServer.Request> writes() {
        return server.requests().stream().filter(r -> !r.path().equals("/v2/catalog/search")).toList();
    }

    /** Writes of one kind, e.g. {@code "POST /v2/catalog/object"} or {@code "POST /v2/inventory/"}. */
    List<FakeProviderServer.Request> writes(String methodAndPathPrefix) {
        return writes().stream().filter(r -> (r.method() + " " + r.path()).startsWith(methodAndPathPrefix)).toList();
    }

    ObjectNode item(String id) {
        return items.get(id);
    }

    private FakeProviderServer.Response upsert(FakeProviderServer.Request r) {
        JsonNode object = read(r.body()).path("object");
        String now = now();
        if ("ITEM_VARIATION".equals(object.path("type").asText())) {
            String variationId = object.path("id").asText();
            ObjectNode item = items.get(itemOfVariation.getOrDefault(variationId, ""));
            if (item == null) {
                return new FakeProviderServer.Response(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
            for (JsonNode v : item.path("item_data").withArray("variations")) {
                if (v.path("id").asText().equals(variationId)) {
                    ((ObjectNode) v.path("item_variation_data")).set("location_overrides",
                            object.path("item_variation_data").path("location_overrides").deepCopy());
                }
            }
            touch(item, now);
            catalogVersionUpdated(now);
            return ok(Map.of("catalog_object", item));
        }
        String id = object.path("id").asText();
        ObjectNode item;
        if (id.startsWith("#")) {
            item = (ObjectNode) object.deepCopy();
            item.put("id", "SQITEM" + ids.incrementAndGet()).put("version", 0L);
            for (JsonNode v : item.path("item_data").withArray("variations")) {
                ((ObjectNode) v).put("id", "SQVAR" + ids.incrementAndGet());
            }
        } else {
            item = items.get(id);
            if (item == null) {
                return new FakeProviderServer.Response(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
            }
            if (object.path("version").asLong(-1) != item.path("version").asLong()) {
                return new FakeProviderServer.Response(409, "{\"errors\":[{\"code\":\"VERSION_MISMATCH\"}]}");
            }
            ObjectNode data = (ObjectNode) object.path("item_data").deepCopy();
            ArrayNode old = item.path("item_data").withArray("variations");
            for (JsonNode v : data.withArray("variations")) {
                if (v.path("id").asText().startsWith("#")) {
                    ((ObjectNode) v).put("id", "SQVAR" + ids.incrementAndGet());
                }
            }
            old.forEach(v -> itemOfVariation.remove(v.path("id").asText()));
            item.set("item_data", data);
        }
        item.put("type", "ITEM").put("is_deleted", false);
        for (JsonNode v : item.path("item_data").withArray("variations")) {
            ((ObjectNode) v).put("type", "ITEM_VARIATION");
            ((ObjectNode) v.path("item_variation_data")).put("item_id", item.path("id").asText());
            itemOfVariation.put(v.path("id").asText(), item.path("id").asText());
        }
        touch(item, now);
        items.put(item.path("id").asText(), item);
        catalogVersionUpdated(now);
        return ok(Map.of("catalog_object", item));
    }

    private FakeProviderServer.Response delete(FakeProviderServer.Request r) {
        String id = r.path().substring("/v2/catalog/object/".length());
        ObjectNode item = items.get(id);
        if (item == null) {
            return new FakeProviderServer.Response(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
        }
        String now = now();
        item.put("is_deleted", true);
        touch(item, now);
        catalogVersionUpdated(now);
        return ok(Map.of("deleted_object_ids", List.of(id), "deleted_at", now));
    }

    private FakeProviderServer.Response count(FakeProviderServer.Request r) {
        ArrayNode counts = JSON.createArrayNode();
        String now = now();
        for (JsonNode change : read(r.body()).path("changes")) {
            JsonNode physical = change.path("physical_count");
            counts.addObject().put("catalog_object_id", physical.path("catalog_object_id").asText())
                    .put("catalog_object_type", "ITEM_VARIATION")
                    .put("location_id", physical.path("location_id").asText())
                    .put("quantity", physical.path("quantity").asText()).put("state", "IN_STOCK")
                    .put("calculated_at", now);
        }
        inventoryCountUpdated(counts, now);
        return ok(Map.of("counts", counts));
    }

    private FakeProviderServer.Response search(FakeProviderServer.Request r) {
        Instant begin = Instant.parse(read(r.body()).path("begin_time").asText());
        List<ObjectNode> changed = items.values().stream()
                .filter(i -> !Instant.parse(i.path("updated_at").asText()).isBefore(begin)).toList();
        return ok(Map.of("objects", changed));
    }

    /** A genuine change made in Square (not by us): a count set at Square's own dashboard. */
    void countChangedInSquare(String variationId, String locationId, String quantity) {
        ArrayNode counts = JSON.createArrayNode();
        String now = now();
        counts.addObject().put("catalog_object_id", variationId).put("catalog_object_type", "ITEM_VARIATION")
                .put("location_id", locationId).put("quantity", quantity).put("state", "IN_STOCK")
                .put("calculated_at", now);
        inventoryCountUpdated(counts, now);
    }

    private static void touch(ObjectNode item, String now) {
        item.put("version", item.path("version").asLong() + 1).put("updated_at", now);
    }

    private void catalogVersionUpdated(String now) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode().put("merchant_id", "MERCHANT").put("type", "catalog.version.updated")
                .put("event_id", eventId).put("created_at", now);
        body.putObject("data").put("type", "catalog").put("id", "").putObject("object")
                .putObject("catalog_version").put("updated_at", now);
        webhook("catalog.version.updated", eventId, body.toString(), Map.of());
    }

    private void inventoryCountUpdated(ArrayNode counts, String now) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode().put("merchant_id", "MERCHANT").put("type", "inventory.count.updated")
                .put("event_id", eventId).put("created_at", now);
        body.putObject("data").put("type", "inventory").put("id", eventId).putObject("object")
                .set("inventory_counts", counts);
        webhook("inventory.count.updated", eventId, body.toString(), Map.of());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Square fake got a body that is not JSON: " + body, e);
        }
    }
}
