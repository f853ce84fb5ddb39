package io.tillsync.delivery;

import io.tillsync.kit.web.ApiException;
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

    /** Type name to description, in catalogue order. */
    public static final Map<String, String> CATALOGUE = catalogue();

    private EventTypes() {
    }

    private static Map<String, String> catalogue() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sale.created", "A sale was recorded on a point of sale");
        m.put("sale.updated", "A sale changed");
        m.put("sale.refunded", "A sale was refunded");
        m.put("inventory.created", "An inventory record was created");
        m.put("inventory.updated", "An item's stock level changed");
        m.put("inventory.low_stock", "An item's stock fell to or below its threshold");
        m.put("customer.created", "A customer was created");
        m.put("customer.updated", "A customer changed");
        m.put("repair_order.created", "A repair order was opened");
        m.put("repair_order.status_changed", "A repair order changed status");
        m.put("purchase_order.created", "A purchase order was created");
        m.put("purchase_order.received", "A purchase order was received");
        m.put("item.availability_changed", "An item became available or unavailable (86'd)");
        m.put("product.created", "A product appeared in a connected catalogue");
        m.put("product.updated", "A product changed");
        m.put("product.deleted", "A product was removed");
        m.put("order.injected", "An order was injected into a point of sale");
        return java.util.Collections.unmodifiableMap(m);
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
