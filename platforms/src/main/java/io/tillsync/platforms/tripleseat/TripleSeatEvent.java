package io.tillsync.platforms.tripleseat;

import java.time.LocalDate;
import java.util.List;

/**
 * A TripleSeat event as order injection needs it: identity, status, the local date it takes place on (venue
 * timezone) and the items to put on the Revel order.
 *
 * @param date local date of the event at the venue; null when TripleSeat gave none
 */
public record TripleSeatEvent(String id, String name, String status, LocalDate date, List<EventItem> items) {

    public TripleSeatEvent {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
