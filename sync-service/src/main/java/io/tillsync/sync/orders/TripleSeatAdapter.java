package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Everything TripleSeat-specific about payload shapes, in one place. The shapes are unconfirmed (docs/providers.md):
 * webhooks are read as {@code {webhook_trigger_type, message, object:{id, ...}}}; the event API answer as
 * {@code {"event":{id, name, status, event_date | event_start, items:[{name, sku, quantity, price}]}}} (the
 * {@code event} wrapper optional). Change the field names here and nowhere else.
 */
@Component
public class TripleSeatAdapter {

    /** The triggers that may need an order. */
    public static final List<String> ORDER_TRIGGERS = List.of("CREATE_EVENT", "UPDATE_EVENT");
    public static final String DELETE_TRIGGER = "DELETE_EVENT";

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);

    private final ObjectMapper json;

    public TripleSeatAdapter(ObjectMapper json) {
        this.json = json;
    }

    /** What a TripleSeat webhook says: its trigger and the event id. */
    public record Webhook(String trigger, String eventId) {
    }

    /**
     * Reads a webhook body. The trigger comes from the body, else from {@code fallbackTrigger} (intake's event type).
     *
     * @throws IllegalArgumentException when the body is not JSON or names no event id
     */
    public Webhook parseWebhook(byte[] body, String fallbackTrigger) {
        JsonNode root = read(body);
        String trigger = root.path("webhook_trigger_type").asText(fallbackTrigger);
        JsonNode object = root.path("object");
        String id = object.isObject() ? text(object.get("id")) : null;
        if (id == null) {
            id = text(root.path("event").get("id"));
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("TripleSeat webhook names no event id (object.id)");
        }
        return new Webhook(trigger == null ? "" : trigger.toUpperCase(Locale.ROOT), id);
    }

    /**
     * Reads an event as the TripleSeat API returns it. The local date is {@code event_date} when given
     * ({@code yyyy-MM-dd} or {@code M/d/yyyy}); otherwise {@code event_start}, an instant with offset, seen in the
     * venue's timezone.
     */
    public TripleSeatEvent parseEvent(byte[] body, ZoneId venueZone) {
        JsonNode root = read(body);
        JsonNode e = root.has("event") ? root.get("event") : root;
        String id = text(e.get("id"));
        if (id == null) {
            throw new IllegalArgumentException("TripleSeat event without id");
        }
        List<EventItem> items = new ArrayList<>();
        for (JsonNode item : e.path("items")) {
            items.add(new EventItem(text(item.get("name")), text(item.get("sku")),
                    decimal(item.get("quantity"), BigDecimal.ONE), decimal(item.get("price"), BigDecimal.ZERO)));
        }
        return new TripleSeatEvent(id, text(e.get("name")), text(e.get("status")), date(e, venueZone), items);
    }

    private static LocalDate date(JsonNode e, ZoneId zone) {
        String date = text(e.get("event_date"));
        try {
            if (date != null && !date.isBlank()) {
                return date.contains("/") ? LocalDate.parse(date, US_DATE) : LocalDate.parse(date.substring(0, 10));
            }
            String start = text(e.get("event_start"));
            if (start != null && !start.isBlank()) {
                return OffsetDateTime.parse(start).atZoneSameInstant(zone).toLocalDate();
            }
        } catch (DateTimeException | StringIndexOutOfBoundsException ex) {
            throw new IllegalArgumentException("TripleSeat event date unreadable: " + (date != null ? date : e.get("event_start")));
        }
        return null;
    }

    private JsonNode read(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON");
        }
    }

    private static BigDecimal decimal(JsonNode node, BigDecimal fallback) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return fallback;
        }
        try {
            return new BigDecimal(node.asText());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("TripleSeat item number unreadable: " + node.asText());
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
