package io.tillsync.sync.orders;

import io.tillsync.sync.config.OrderInjectionProperties;
import io.tillsync.sync.orders.TripleSeatOrderInjector.Venue;
import io.tillsync.sync.store.TripleSeatEventQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs sync for a tenant's venue: one named event ({@code single}) or every event of the durable queue that is due
 * ({@code bulk}: seen in the last {@code hours_back} hours, or still open and dated inside or ahead of the time
 * gate). Bulk runs read the queue page by page in event-id order, one event at a time, and stop after
 * {@code max-events-per-run} events; the rest waits for the next run.
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

    /** Every due event of the queue, bounded; {@code hoursBack} is clamped to the configured maximum. */
    public Mono<ReconcileSummary> bulk(Venue venue, int hoursBack, RunTrigger trigger, String correlationId) {
        int hours = Math.max(1, Math.min(hoursBack, properties.maxHoursBack()));
        Instant since = injector.clock().instant().minus(Duration.ofHours(hours));
        var earliest = venue.settings().timeGate().earliest(injector.clock());
        int max = properties.maxEventsPerRun();
        int pageSize = Math.max(1, Math.min(properties.pageSize(), max));
        List<InjectionOutcome> outcomes = new ArrayList<>();
        AtomicBoolean truncated = new AtomicBoolean();
        Mono<String> pages = Mono.just("").expand(after -> {
            int room = max - outcomes.size();
            if (after == null || room <= 0) {
                return Mono.empty();
            }
            int limit = Math.min(pageSize, room);
            return queue.page(venue.tenant(), since, earliest, after, limit).collectList()
                    .flatMap(ids -> Flux.fromIterable(ids)
                            .concatMap(id -> injector.inject(venue, id, trigger, correlationId))
                            .doOnNext(outcomes::add)
                            .then(Mono.fromSupplier(() -> nextCursor(ids, limit, outcomes.size() >= max, truncated))));
        }).last();
        return pages.then(Mono.fromSupplier(() -> {
            ReconcileSummary summary = new ReconcileSummary(venue.tenant(), "bulk", correlationId, outcomes, truncated.get());
            TripleSeatOrderInjector.logWith(correlationId, () -> log.info(
                    "tripleseat bulk run for tenant {} ({} h, {}): queried {}, injected {}, skipped {}, failed {}{} (correlation_id={})",
                    venue.tenant(), hours, trigger.code(), summary.queried(), summary.count(InjectionOutcome.Outcome.INJECTED),
                    summary.count(InjectionOutcome.Outcome.SKIPPED), summary.count(InjectionOutcome.Outcome.FAILED),
                    summary.truncated() ? ", bound reached" : "", correlationId));
            return summary;
        }));
    }

    /** The cursor of the next page, or null when the queue is exhausted or the run's bound reached. */
    private static String nextCursor(List<String> ids, int limit, boolean full, AtomicBoolean truncated) {
        if (ids.size() < limit) {
            return null;
        }
        if (full) {
            truncated.set(true);
            return null;
        }
        return ids.get(ids.size() - 1);
    }
}
