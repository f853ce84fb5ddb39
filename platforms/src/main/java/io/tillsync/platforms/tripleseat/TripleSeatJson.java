package io.tillsync.platforms.tripleseat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.platforms.json.PlatformNumbers;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything TripleSeat-specific about payload shapes, in one place. Webhooks are read as
 * {@code {webhook_trigger_type, message, object:{id, ...}}}. The event answer
 * ({@code GET /v1/events/{id}.json?show_financial=true}, the {@code event} wrapper optional) is read with the
 * fields TripleSeat's Events API article documents: {@code event_date_iso8601} ({@code YYYY-MM-DD}),
 * {@code event_date} ({@code MM/DD/YYYY}), {@code event_start_iso8601} (with the venue's offset),
 * {@code event_start_utc}, {@code status}, {@code guest_count}. The items come from
 * <ol>
 *   <li>the structured {@code line_items} the API adds with {@code show_financial=true} (documented to exist; the
 *       field names {@code name, quantity, price, total, category} are unconfirmed), only rows that are items:
 *       rows whose {@code type}/{@code item_type} names a tax, fee, service charge or gratuity are billing;</li>
 *   <li>otherwise the event's invoice or event-order document ({@code documents[]} with its HTML in {@code html} or
 *       {@code body}; unconfirmed), read by {@link InvoiceLines}: an invoice first, then an event order (BEO), then
 *       the first document with HTML.</li>
 * </ol>
 * Malformed data is a {@link PlatformDataException}; quantities and prices are exact decimals bounded by
 * {@link PlatformNumbers}.
 */
public final class TripleSeatJson {

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);
    private static final List<String> BILLING_TYPES = List.of("tax", "fee", "service_charge", "service charge",
            "gratuity", "billing_detail", "discount", "deposit", "payment");

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

    /** Reads an event as the TripleSeat API returns it, dates seen at the venue ({@code venueZone}). */
    public static TripleSeatEvent event(byte[] body, ZoneId venueZone) {
        return event(PlatformJson.object(body, "TripleSeat event"), venueZone);
    }

    public static TripleSeatEvent event(JsonNode root, ZoneId venueZone) {
        JsonNode e = root.has("event") ? root.get("event") : root;
        String id = text(e.get("id"));
        if (id == null) {
            throw new PlatformDataException("TripleSeat event without id");
        }
        List<EventItem> items = lineItems(e.path("line_items"));
        String source = "line_items";
        List<InvoiceLines.UnreadRow> unread = List.of();
        if (items.isEmpty()) {
            String html = documentHtml(e.path("documents"));
            if (html != null) {
                InvoiceLines.Result read = InvoiceLines.parse(html);
                items = read.items();
                unread = read.unread();
                source = "document";
            } else {
                source = "none";
            }
        }
        JsonNode guests = e.get("guest_count");
        Integer guestCount = guests != null && guests.canConvertToInt() && !guests.isNull() ? guests.asInt() : null;
        return new TripleSeatEvent(id, text(e.get("name")), text(e.get("status")), date(e, venueZone), items,
                guestCount, source, unread);
    }

    private static List<EventItem> lineItems(JsonNode lines) {
        List<EventItem> items = new ArrayList<>();
        for (JsonNode line : lines) {
            String type = firstText(line, "type", "item_type", "line_item_type");
            if (type != null && BILLING_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
                continue;
            }
            BigDecimal quantity = decimal(line.get("quantity"), "quantity", BigDecimal.ONE);
            BigDecimal price = decimal(firstNode(line, "price", "unit_price"), "price", null);
            BigDecimal total = decimal(line.get("total"), "total", null);
            if (price == null && total != null && quantity.signum() > 0) {
                throw new PlatformDataException("TripleSeat line item without a unit price");
            }
            items.add(new EventItem(text(line.get("name")), text(line.get("sku")), quantity,
                    price == null ? BigDecimal.ZERO : price, firstText(line, "category", "category_name"), List.of()));
        }
        return items;
    }

    private static String documentHtml(JsonNode documents) {
        String eventOrder = null;
        String first = null;
        for (JsonNode doc : documents) {
            String html = firstText(doc, "html", "body");
            if (html == null || html.isBlank()) {
                continue;
            }
            String kind = (String.valueOf(firstText(doc, "document_type", "type")) + " "
                    + String.valueOf(text(doc.get("name")))).toLowerCase(Locale.ROOT);
            if (kind.contains("invoice")) {
                return html;
            }
            if (eventOrder == null && (kind.contains("event order") || kind.contains("beo") || kind.contains("event_order"))) {
                eventOrder = html;
            }
            first = first == null ? html : first;
        }
        return eventOrder != null ? eventOrder : first;
    }

    /**
     * The event's local date at the venue: {@code event_date_iso8601}, else {@code event_date} (US or ISO), else the
     * date of {@code event_start_iso8601} as written (it carries the venue's offset), else {@code event_start_utc}
     * (or an ISO {@code event_start}) converted to the venue's zone.
     */
    private static LocalDate date(JsonNode e, ZoneId zone) {
        try {
            String iso = text(e.get("event_date_iso8601"));
            if (iso != null && !iso.isBlank()) {
                return LocalDate.parse(iso.substring(0, 10));
            }
            String date = text(e.get("event_date"));
            if (date != null && !date.isBlank()) {
                return date.contains("/") ? LocalDate.parse(date.trim(), US_DATE) : LocalDate.parse(date.substring(0, 10));
            }
            String startLocal = text(e.get("event_start_iso8601"));
            if (startLocal != null && !startLocal.isBlank()) {
                return OffsetDateTime.parse(startLocal).toLocalDate();
            }
            String startUtc = text(e.get("event_start_utc"));
            if (startUtc == null || startUtc.isBlank()) {
                startUtc = text(e.get("event_start"));
            }
            if (startUtc != null && !startUtc.isBlank()) {
                return (startUtc.endsWith("Z") ? Instant.parse(startUtc) : OffsetDateTime.parse(startUtc).toInstant())
                        .atZone(zone).toLocalDate();
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
        String raw = node.isNumber() ? node.decimalValue().toPlainString() : node.asText().replace("$", "").replace(",", "").trim();
        BigDecimal value = PlatformNumbers.parse(raw, "TripleSeat item " + field);
        return value == null ? fallback : value;
    }

    private static JsonNode firstNode(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static String firstText(JsonNode node, String... names) {
        return text(firstNode(node, names));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
