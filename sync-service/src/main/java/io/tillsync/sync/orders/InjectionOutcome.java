package io.tillsync.sync.orders;

import io.tillsync.platforms.tripleseat.TripleSeatEvent;
import java.time.LocalDate;
import java.util.List;

/**
 * What became of one TripleSeat event in one run: injected (with the Revel order id), skipped (with a
 * {@link SkipReason}) or failed (with an error, never a credential). {@code unreadRows} lists the rows of the event's
 * invoice that could not be read as items or billing lines ({@code "text (why)"}): reported, never guessed.
 */
public record InjectionOutcome(String eventId, String name, LocalDate date, String eventStatus, Outcome outcome,
        String revelOrderId, String reason, String error, List<String> unreadRows) {

    public InjectionOutcome {
        unreadRows = unreadRows == null ? List.of() : List.copyOf(unreadRows);
    }

    /** The three results of an injection attempt. */
    public enum Outcome {
        INJECTED, SKIPPED, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static List<String> unread(TripleSeatEvent e) {
        return e.unreadRows().stream().map(r -> r.text() + " (" + r.why() + ")").toList();
    }

    public static InjectionOutcome injected(TripleSeatEvent e, String revelOrderId) {
        return new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.INJECTED, revelOrderId, null, null,
                unread(e));
    }

    public static InjectionOutcome skipped(String eventId, TripleSeatEvent e, SkipReason reason, String revelOrderId) {
        return e == null
                ? new InjectionOutcome(eventId, null, null, null, Outcome.SKIPPED, revelOrderId, reason.code(), null, null)
                : new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.SKIPPED, revelOrderId,
                        reason.code(), null, unread(e));
    }

    public static InjectionOutcome failed(String eventId, TripleSeatEvent e, String error) {
        return e == null
                ? new InjectionOutcome(eventId, null, null, null, Outcome.FAILED, null, null, error, null)
                : new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.FAILED, null, null, error,
                        unread(e));
    }
}
