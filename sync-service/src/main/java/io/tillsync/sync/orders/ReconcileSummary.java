package io.tillsync.sync.orders;

import java.util.List;

/**
 * The result of one sync run, single or bulk: counts per outcome and each event's outcome.
 *
 * @param mode      {@code single} or {@code bulk}
 * @param truncated true when a bulk run stopped at its bound with events left for the next run
 */
public record ReconcileSummary(String tenant, String mode, String correlationId, List<InjectionOutcome> events,
        boolean truncated) {

    public ReconcileSummary {
        events = List.copyOf(events);
    }

    public int queried() {
        return events.size();
    }

    public long count(InjectionOutcome.Outcome outcome) {
        return events.stream().filter(e -> e.outcome() == outcome).count();
    }
}
