package io.tillsync.sync.orders;

import io.tillsync.sync.orders.TripleSeatOrderInjector.Venue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs sync for a tenant's venue (one tripleseat connection): one named event ({@code single}) or every due event of
 * the durable queue ({@code bulk}: no Revel order known yet, and seen in the last {@code hours_back} hours or still
 * open and dated inside or ahead of the time gate). Bulk runs are paged and bounded; events least recently checked
 * go first, so what a bounded run leaves is first in the next.
 */
@Service
public class TripleSeatReconciler {

    private static final Logger log = LoggerFactory.getLogger(TripleSeatReconciler.class);

    private final TripleSeatOrderInjector injector;
    private final TripleSeatEventQueue queue;
    private final OrderInjectionProperties properties;

    public TripleSeatReconciler(TripleSeatOrderInjector injector, TripleSeatEventQueue queue,
            OrderInjectionProperties properties) {
        this.injector = injector;
        this.queue = queue;
        this.properties = properties;
    }

    /** One event, named by a caller: it joins the queue, then is injected or skipped. */
    public Mono<ReconcileSummary> single(Venue venue, String eventId, RunTrigger trigger, String correlationId) {
        return injector.enqueue(venue, eventId, trigger.name())
                .then(injector.inject(venue, eventId, trigger, correlationId))
                .map(outcome -> new ReconcileSummary(venue.tenant(), "single", correlationId, List.of(outcome), false));
    }

    /**
     * Every due event of the venue's queue (see {@link TripleSeatEventQueue#due}), least recently checked first,
     * page by page, one event at a time, until none is left or the run's bound ({@code max-events-per-run} events,
     * {@code max-run-duration}) is reached; then {@code truncated} tells whether events are left for the next run.
     * {@code hoursBack} is clamped to 1..{@code max-hours-back}.
     */
    public Mono<ReconcileSummary> bulk(Venue venue, int hoursBack, RunTrigger trigger, String correlationId) {
        int hours = Math.max(1, Math.min(hoursBack, properties.maxHoursBack()));
        Instant runStart = injector.clock().instant();
        TripleSeatEventQueue.Due due = new TripleSeatEventQueue.Due(venue.tenant(), venue.tripleseat().connectionId(),
                runStart.minus(Duration.ofHours(hours)), venue.settings().timeGate().earliest(injector.clock()), runStart);
        BulkRun run = new BulkRun(properties.maxEventsPerRun(), properties.maxRunDuration());
        int pageSize = Math.max(1, properties.pageSize());
        Mono<Boolean> nextPage = Mono.defer(() -> {
            if (run.bounded()) {
                return Mono.empty();
            }
            return queue.due(due, run.done, Math.min(pageSize, run.room())).collectList()
                    .filter(ids -> !ids.isEmpty())
                    .flatMap(ids -> Flux.fromIterable(ids)
                            .concatMap(id -> run.bounded() ? Mono.empty() : Mono.defer(() -> {
                                run.done.add(id);
                                return injector.inject(venue, id, trigger, correlationId);
                            }))
                            .doOnNext(run.outcomes::add)
                            .then(Mono.just(true)));
        });
        Mono<Boolean> leftOver = Mono.defer(() -> run.bounded()
                ? queue.due(due, run.done, 1).hasElements()
                : Mono.just(false));
        return Mono.just(true).expand(more -> nextPage).then(leftOver).map(truncated -> {
            ReconcileSummary summary = new ReconcileSummary(venue.tenant(), "bulk", correlationId, run.outcomes, truncated);
            TripleSeatOrderInjector.logWith(correlationId, () -> log.info(
                    "tripleseat bulk run for tenant {} connection {} ({} h, {}): queried {}, injected {}, skipped {}, failed {}{}"
                            + " (correlation_id={})",
                    venue.tenant(), venue.tripleseat().connectionId(), hours, trigger.code(), summary.queried(),
                    summary.count(InjectionOutcome.Outcome.INJECTED), summary.count(InjectionOutcome.Outcome.SKIPPED),
                    summary.count(InjectionOutcome.Outcome.FAILED), truncated ? ", bound reached, events left" : "",
                    correlationId));
            return summary;
        });
    }

    /** The state of one bulk run: its outcomes, the events it took, and its bounds. */
    private static final class BulkRun {

        final List<InjectionOutcome> outcomes = new ArrayList<>();
        final Set<String> done = new LinkedHashSet<>();
        private final int maxEvents;
        private final long deadline;

        BulkRun(int maxEvents, Duration maxDuration) {
            this.maxEvents = Math.max(1, maxEvents);
            this.deadline = System.nanoTime() + maxDuration.toNanos();
        }

        int room() {
            return maxEvents - done.size();
        }

        boolean bounded() {
            return room() <= 0 || System.nanoTime() - deadline >= 0;
        }
    }
}
