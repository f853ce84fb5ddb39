package io.tillsync.delivery;

import io.tillsync.kit.web.ApiException;
import io.tillsync.schemas.AvroJsonSchema;
import io.tillsync.schemas.PlatformEventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of event types an endpoint may subscribe to, and the filter rules: an endpoint's filter lists exact
 * types or group wildcards ({@code inventory.*}); an empty filter means every type. Unknown entries are refused.
 */
public final class EventTypes {

    /** The type of the event {@code POST …/endpoints/{ep}/test} sends; not in the catalogue (no filter selects it). */
    public static final String TEST = "tillsync.test";

    /** Type name to description, in catalogue order: the types something publishes ({@link PlatformEventTypes}). */
    public static final Map<String, String> CATALOGUE = catalogue();

    private EventTypes() {
    }

    private static Map<String, String> catalogue() {
        Map<String, String> m = new LinkedHashMap<>();
        PlatformEventTypes.ALL.values().forEach(t -> m.put(t.type(), t.description()));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The JSON Schema of the body subscribers receive for {@code type} ({@link MessagePayload}: type, timestamp, data),
     * its {@code data} generated from the type's Avro contract; 404 {@code not_found} for a type outside the catalogue.
     */
    public static Map<String, Object> payloadSchema(String type) {
        PlatformEventTypes.EventType entry = PlatformEventTypes.ALL.get(type);
        if (entry == null) {
            throw ApiException.notFound("event type " + type);
        }
        Map<String, Object> typeProperty = new LinkedHashMap<>();
        typeProperty.put("const", type);
        Map<String, Object> timestamp = new LinkedHashMap<>();
        timestamp.put("type", "string");
        timestamp.put("format", "date-time");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", typeProperty);
        properties.put("timestamp", timestamp);
        properties.put("data", AvroJsonSchema.of(entry.data()));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", type);
        schema.put("description", entry.description());
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("type", "timestamp", "data"));
        return schema;
    }

    /** Validates a filter (400 {@code unknown_event_type} on an entry outside the catalogue) and normalises it. */
    public static List<String> validateFilter(List<String> filter) {
        if (filter == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String entry : filter) {
            if (entry == null || !(CATALOGUE.containsKey(entry) || isKnownWildcard(entry))) {
                throw ApiException.badRequest("unknown_event_type", "unknown event type in filter: " + entry
                        + " (see GET /api/event-types)");
            }
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return List.copyOf(out);
    }

    /** Whether an endpoint with this filter receives events of {@code type}; kept equal to the fan-out SQL. */
    public static boolean matches(List<String> filter, String type) {
        if (filter.isEmpty() || filter.contains(type)) {
            return true;
        }
        int dot = type.indexOf('.');
        return dot > 0 && filter.contains(type.substring(0, dot) + ".*");
    }

    private static boolean isKnownWildcard(String entry) {
        if (!entry.endsWith(".*")) {
            return false;
        }
        String group = entry.substring(0, entry.length() - 1);
        return CATALOGUE.keySet().stream().anyMatch(t -> t.startsWith(group));
    }
}
