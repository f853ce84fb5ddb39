package io.tillsync.platforms.tripleseat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.platforms.json.PlatformNumbers;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything TripleSeat-specific about payload shapes, in one place. The shapes are unconfirmed: webhooks are read as
 * {@code {webhook_trigger_type, message, object:{id, ...}}}; the event API answer as
 * {@code {"event":{id, name, status, event_date | event_start, items:[{name, sku, quantity, price}]}}} (the
 * {@code event} wrapper optional). Change the field names here and nowhere else. Malformed data is a
 * {@link PlatformDataException}; item quantities and prices are bounded by {@link PlatformNumbers} and kept at the
 * scale TripleSeat gave.
 */
public final class TripleSeatJson {

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);

    /** What a TripleSeat webhook says: its trigger (upper case) and the event id. */
    public record Webhook(String trigger, String eventId) {
    }

    private TripleSeatJson() {
    }

    /** Reads a webhook body; the trigger comes from the body, else from {@code fallbackTrigger} (intake's type). */
    public static Webhook webhook(byte[] body, String fallbackTrigger) {
        JsonNode root = PlatformJson.object(body, "TripleSeat webhook body");
        String trigger = root.path("webhook_trigger_type").asText(fallbackTrigger);
        JsonNode object = root.path("object");
        String id = object.isObject() ? text(object.get("id")) : null;
        if (id == null) {
            id = text(root.path("event").get("id"));
        }
        if (id == null || id.isBlank()) {
            throw new PlatformDataException("TripleSeat webhook names no event id (object.id)");
        }
        return new Webhook(trigger == null ? "" : trigger.toUpperCase(Locale.ROOT), id);
    }

    /**
     * Reads an event as the TripleSeat API returns it. The local date is {@code event_date} when given
     * ({@code yyyy-MM-dd} or {@code M/d/yyyy}); otherwise {@code event_start}, an instant with offset, seen in the
     * venue's timezone.
     */
    public static TripleSeatEvent event(byte[] body, ZoneId venueZone) {
        return event(PlatformJson.object(body, "TripleSeat event"), venueZone);
    }

    public static TripleSeatEvent event(JsonNode root, ZoneId venueZone) {
        JsonNode e = root.has("event") ? root.get("event") : root;
        String id = text(e.get("id"));
        if (id == null) {
            throw new PlatformDataException("TripleSeat event without id");
        }
        List<EventItem> items = new ArrayList<>();
        for (JsonNode item : e.path("items")) {
            items.add(new EventItem(text(item.get("name")), text(item.get("sku")),
                    decimal(item.get("quantity"), "quantity", BigDecimal.ONE),
                    decimal(item.get("price"), "price", BigDecimal.ZERO)));
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
            throw new PlatformDataException("TripleSeat event date unreadable");
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode node, String field, BigDecimal fallback) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return fallback;
        }
        BigDecimal value = PlatformNumbers.parse(node.asText(), "TripleSeat item " + field);
        return value == null ? fallback : value;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
