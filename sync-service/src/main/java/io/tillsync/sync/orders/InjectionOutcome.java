package io.tillsync.sync.orders;

import io.tillsync.platforms.tripleseat.TripleSeatEvent;
import java.time.LocalDate;

/**
 * What became of one TripleSeat event in one run: injected (with the Revel order id), skipped (with a
 * {@link SkipReason}) or failed (with an error, never a credential).
 */
public record InjectionOutcome(String eventId, String name, LocalDate date, String eventStatus, Outcome outcome,
        String revelOrderId, String reason, String error) {

    /** The three results of an injection attempt. */
    public enum Outcome {
        INJECTED, SKIPPED, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static InjectionOutcome injected(TripleSeatEvent e, String revelOrderId) {
        return new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.INJECTED, revelOrderId, null, null);
    }

    public static InjectionOutcome skipped(String eventId, TripleSeatEvent e, SkipReason reason, String revelOrderId) {
        return e == null
                ? new InjectionOutcome(eventId, null, null, null, Outcome.SKIPPED, revelOrderId, reason.code(), null)
                : new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.SKIPPED, revelOrderId, reason.code(), null);
    }

    public static InjectionOutcome failed(String eventId, TripleSeatEvent e, String error) {
        return e == null
                ? new InjectionOutcome(eventId, null, null, null, Outcome.FAILED, null, null, error)
                : new InjectionOutcome(e.id(), e.name(), e.date(), e.status(), Outcome.FAILED, null, null, error);
    }
}
