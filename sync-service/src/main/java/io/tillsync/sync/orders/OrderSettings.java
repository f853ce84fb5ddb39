package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The order-injection settings of one tripleseat connection: its {@code settings} JSON keys {@code timezone},
 * {@code order_days_behind}, {@code order_days_ahead}, {@code revel_local_id_format} and
 * {@code revel_connection_id}, each falling back to the service-wide default of {@link OrderInjectionProperties}.
 *
 * @param revelConnectionId which revel connection receives the orders; null = the tenant's oldest active one
 */
public record OrderSettings(TimeGate timeGate, String localIdFormat, String revelConnectionId) {

    static final String EVENT_ID_PLACEHOLDER = "{event_id}";

    public static OrderSettings of(JsonNode settings, OrderInjectionProperties defaults) {
        JsonNode s = settings == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : settings;
        ZoneId zone = zone(s.path("timezone").asText(defaults.timezone()), defaults.timezone());
        int behind = s.path("order_days_behind").asInt(defaults.daysBehind());
        int ahead = s.path("order_days_ahead").asInt(defaults.daysAhead());
        String format = s.path("revel_local_id_format").asText(defaults.localIdFormat());
        if (!format.contains(EVENT_ID_PLACEHOLDER)) {
            format = defaults.localIdFormat();
        }
        String revel = s.path("revel_connection_id").asText(null);
        return new OrderSettings(new TimeGate(zone, Math.max(0, behind), Math.max(0, ahead)), format, revel);
    }

    /** The Revel local_id an order for this event carries, e.g. {@code Triple Seat_12345}. */
    public String localId(String eventId) {
        return localIdFormat.replace(EVENT_ID_PLACEHOLDER, eventId);
    }

    private static ZoneId zone(String id, String fallback) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneId.of(fallback);
        }
    }
}
