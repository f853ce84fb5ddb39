package io.tillsync.sync.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * Answer of {@code GET /api/sync/tripleseat}: {@code success} is true when no event failed; {@code events} lists each
 * event's outcome, {@code status} being injected, skipped or failed and {@code event_status} TripleSeat's status.
 */
public record TripleSeatSyncResponse(boolean success, String mode, String tenant,
        @JsonProperty("correlation_id") String correlationId, Summary summary, List<EventResult> events,
        boolean truncated) {

    /** Counts of one run. */
    public record Summary(int queried, long injected, long skipped, long failed) {
    }

    /**
     * One event's outcome; {@code unread_rows} are the invoice rows that could not be read as items or billing lines
     * (reported, never guessed into the order).
     */
    public record EventResult(String id, String name, LocalDate date, String status,
            @JsonProperty("event_status") String eventStatus, @JsonProperty("revel_order_id") String revelOrderId,
            String reason, String error, @JsonProperty("unread_rows") List<String> unreadRows) {
    }

    /** This answer with {@code success} false (a run that did not finish). */
    TripleSeatSyncResponse failedRun() {
        return new TripleSeatSyncResponse(false, mode, tenant, correlationId, summary, events, truncated);
    }

    static TripleSeatSyncResponse of(ReconcileSummary run) {
        long failed = run.count(InjectionOutcome.Outcome.FAILED);
        return new TripleSeatSyncResponse(failed == 0, run.mode(), run.tenant(), run.correlationId(),
                new Summary(run.queried(), run.count(InjectionOutcome.Outcome.INJECTED),
                        run.count(InjectionOutcome.Outcome.SKIPPED), failed),
                run.events().stream().map(e -> new EventResult(e.eventId(), e.name(), e.date(), e.outcome().code(),
                        e.eventStatus(), e.revelOrderId(), e.reason(), e.error(), e.unreadRows())).toList(),
                run.truncated());
    }
}
