package io.tillsync.sync.orders;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The time gate of order injection: an event gets a Revel order only when its local date lies between
 * {@code today - daysBehind} and {@code today + daysAhead} inclusive, "today" being the date at the venue (its
 * timezone), not the server's. Defaults: today and tomorrow.
 */
public record TimeGate(ZoneId zone, int daysBehind, int daysAhead) {

    public LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(zone));
    }

    public LocalDate earliest(Clock clock) {
        return today(clock).minusDays(daysBehind);
    }

    public LocalDate latest(Clock clock) {
        return today(clock).plusDays(daysAhead);
    }

    public boolean admits(LocalDate eventDate, Clock clock) {
        return !eventDate.isBefore(earliest(clock)) && !eventDate.isAfter(latest(clock));
    }

    /** The date is behind the gate for good: no later run will admit it. */
    public boolean passed(LocalDate eventDate, Clock clock) {
        return eventDate.isBefore(earliest(clock));
    }
}
