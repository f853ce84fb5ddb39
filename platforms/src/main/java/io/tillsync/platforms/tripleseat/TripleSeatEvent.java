package io.tillsync.platforms.tripleseat;

import java.time.LocalDate;
import java.util.List;

/**
 * A TripleSeat event as order injection needs it: identity, status, the local date it takes place on (venue
 * timezone), the guest count and the items to put on the Revel order, with the rows of its invoice that could not be
 * read as items or billing lines ({@code unreadRows}: reported, never guessed).
 *
 * @param date       local date of the event at the venue; null when TripleSeat gave none
 * @param guestCount guests TripleSeat expects (null when not given)
 * @param itemSource where the items came from: {@code line_items} (the API's financial data), {@code document}
 *                   (an invoice/event-order HTML document) or {@code none}
 */
public record TripleSeatEvent(String id, String name, String status, LocalDate date, List<EventItem> items,
        Integer guestCount, String itemSource, List<InvoiceLines.UnreadRow> unreadRows) {

    public TripleSeatEvent {
        items = items == null ? List.of() : List.copyOf(items);
        unreadRows = unreadRows == null ? List.of() : List.copyOf(unreadRows);
        itemSource = itemSource == null ? "none" : itemSource;
    }

    public TripleSeatEvent(String id, String name, String status, LocalDate date, List<EventItem> items) {
        this(id, name, status, date, items, null, items == null || items.isEmpty() ? "none" : "line_items", List.of());
    }
}
