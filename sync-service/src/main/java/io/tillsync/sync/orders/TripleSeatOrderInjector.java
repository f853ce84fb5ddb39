package io.tillsync.sync.orders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.kit.Correlation;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.revel.RevelClient;
import io.tillsync.avro.AlertSeverity;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.tripleseat.TripleSeatClient;
import io.tillsync.platforms.tripleseat.TripleSeatCredentials;
import io.tillsync.schemas.AlertKind;
import io.tillsync.platforms.tripleseat.TripleSeatEvent;
import io.tillsync.sync.orders.InjectionOutcome.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Injects one TripleSeat event as a Revel order, at most once. Each attempt holds the event's advisory lock for its
 * whole duration (so webhook, manual and scheduled runs on one event, on any replica, take turns), and inside it:
 * skips events this service already injected, fetches the event from TripleSeat, skips cancelled events and events
 * outside the venue's time gate, looks Revel up by the order's local_id and creates the order with its items only
 * when Revel has none. The outcome is stored, counted ({@code tillsync.orders.injection}), logged with the
 * correlation id, and an injection is announced as {@code order.injected}.
 */
@Service
public class TripleSeatOrderInjector {

    static final String METRIC = "tillsync.orders.injection";
    private static final Logger log = LoggerFactory.getLogger(TripleSeatOrderInjector.class);

    private final OrderConnectionStore connections;
    private final TripleSeatEventQueue queue;
    private final OrderInjectionStore store;
    private final TripleSeatClient tripleseat;
    private final RevelClient revel;
    private final OrderInjectedPublisher publisher;
    private final OrderAlerts alerts;
    private final TransactionalOperator tx;
    private final OrderInjectionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    public TripleSeatOrderInjector(OrderConnectionStore connections, TripleSeatEventQueue queue,
            OrderInjectionStore store, TripleSeatClient tripleseat, RevelClient revel, OrderInjectedPublisher publisher,
            OrderAlerts alerts, ReactiveTransactionManager transactions, OrderInjectionProperties properties, MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        this.connections = connections;
        this.queue = queue;
        this.store = store;
        this.tripleseat = tripleseat;
        this.revel = revel;
        this.publisher = publisher;
        this.alerts = alerts;
        this.tx = TransactionalOperator.create(transactions);
        this.properties = properties;
        this.meters = meters;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /** A tenant's tripleseat connection with its order settings: the context of every injection for it. */
    public record Venue(PlatformAccount tripleseat, OrderSettings settings) {

        public String tenant() {
            return tripleseat.tenant();
        }
    }

    /** The tenant's tripleseat connection (this id, or the oldest active one); empty when there is none. */
    public Mono<Venue> venue(String tenant, String connectionId) {
        return connections.active(tenant, "tripleseat", connectionId)
                .map(account -> new Venue(account, OrderSettings.of(account.settings(), properties)));
    }

    /** The tripleseat connection that reported a queued event (empty when the event is not queued). */
    public Mono<String> queuedConnection(String tenant, String eventId) {
        return queue.connectionOf(tenant, eventId);
    }

    public Clock clock() {
        return clock;
    }

    /** Records that a webhook or a caller named this event (the durable queue bulk runs work from). */
    public Mono<Void> enqueue(Venue venue, String eventId, String trigger) {
        return queue.record(venue.tenant(), eventId, venue.tripleseat().connectionId(), trigger, clock.instant());
    }

    /** Attempts the injection of one event; never fails: errors become a failed outcome. */
    public Mono<InjectionOutcome> inject(Venue venue, String eventId, RunTrigger trigger, String correlationId) {
        Mono<Decision> locked = store.lock(venue.tenant(), eventId, properties.lockTimeout())
                .then(Mono.defer(() -> decide(venue, eventId, correlationId)))
                .flatMap(decision -> record(venue, decision, trigger, correlationId).thenReturn(decision));
        return tx.transactional(locked)
                .onErrorResume(OrderInjectionStore::isLockTimeout, e -> {
                    // Another run (any replica) holds the event for longer than lock-timeout; it records the outcome.
                    logWith(correlationId, () -> log.warn("tripleseat event {} of tenant {}: another run held it for over {}",
                            eventId, venue.tenant(), properties.lockTimeout()));
                    return Mono.just(new Decision(InjectionOutcome.skipped(eventId, null, SkipReason.IN_PROGRESS, null),
                            null, null));
                })
                .onErrorResume(e -> {
                    String error = "internal error: " + e.getClass().getSimpleName();
                    logWith(correlationId, () -> log.error("tripleseat event {} of tenant {}: injection attempt aborted",
                            eventId, venue.tenant(), e));
                    Decision failed = new Decision(InjectionOutcome.failed(eventId, null, error), null, null);
                    return record(venue, failed, trigger, correlationId).onErrorResume(x -> Mono.empty())
                            .thenReturn(failed);
                })
                .flatMap(decision -> announce(venue, decision, correlationId).thenReturn(decision.outcome()))
                .doOnNext(outcome -> observe(venue, outcome, trigger, correlationId));
    }

    /** Marks a deleted TripleSeat event: it leaves the queue; an order already injected is left as it is. */
    public Mono<InjectionOutcome> markDeleted(Venue venue, String eventId, RunTrigger trigger, String correlationId) {
        Mono<InjectionOutcome> locked = store.lock(venue.tenant(), eventId, properties.lockTimeout())
                .then(store.find(venue.tenant(), eventId).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(found -> {
                    InjectionOutcome outcome = InjectionOutcome.skipped(eventId, null, SkipReason.DELETED,
                            found.map(OrderInjectionStore.Recorded::revelOrderId).orElse(null));
                    Mono<Void> save = found.filter(OrderInjectionStore.Recorded::injected).isPresent()
                            ? Mono.empty()
                            : store.save(new OrderInjectionStore.Attempt(venue.tenant(), venue.tripleseat().connectionId(),
                                    null, null, outcome, trigger.code(), correlationId, clock.instant()));
                    return save.then(queue.settle(venue.tenant(), eventId, false, null, clock.instant())).thenReturn(outcome);
                });
        return tx.transactional(locked).doOnNext(outcome -> observe(venue, outcome, trigger, correlationId));
    }

    /** What one attempt decided, with the Revel side it concerned (for the stored row). */
    private record Decision(InjectionOutcome outcome, String revelConnectionId, String localId) {
    }

    private Mono<Decision> decide(Venue venue, String eventId, String correlationId) {
        String localId = venue.settings().localId(eventId);
        return store.find(venue.tenant(), eventId)
                .filter(OrderInjectionStore.Recorded::injected)
                .map(done -> new Decision(InjectionOutcome.skipped(eventId, null, SkipReason.DUPLICATE,
                        done.revelOrderId()), null, localId))
                .switchIfEmpty(Mono.defer(() -> fetchAndInject(venue, eventId, localId, correlationId)));
    }

    private Mono<Decision> fetchAndInject(Venue venue, String eventId, String localId, String correlationId) {
        TimeGate gate = venue.settings().timeGate();
        return Mono.defer(() -> tripleseat.fetchEvent(tripleSeatAccount(venue.tripleseat()), eventId, gate.zone()))
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.just(new Decision(InjectionOutcome.skipped(eventId, null, SkipReason.NOT_FOUND, null),
                                null, localId));
                    }
                    TripleSeatEvent event = found.get();
                    SkipReason skip = gateKeeper(event, gate);
                    if (skip != null) {
                        return Mono.just(new Decision(InjectionOutcome.skipped(eventId, event, skip, null), null, localId));
                    }
                    return connections.active(venue.tenant(), "revel", venue.settings().revelConnectionId())
                            .flatMap(target -> injectInto(target, event, localId, correlationId)
                                    .onErrorResume(PlatformCallException.class, e -> Mono.just(
                                            InjectionOutcome.failed(eventId, event, failure("Revel order injection", e))))
                                    .map(outcome -> new Decision(outcome, target.connectionId(), localId)))
                            .switchIfEmpty(Mono.fromSupplier(() -> new Decision(InjectionOutcome.failed(eventId, event,
                                    "tenant has no active revel connection"), null, localId)));
                })
                .onErrorResume(TripleSeatClient.TokenInvalidException.class, e -> tokenInvalid(venue, correlationId)
                        .thenReturn(new Decision(InjectionOutcome.failed(eventId, null, TOKEN_INVALID), null, localId)))
                .onErrorResume(PlatformDataException.class, e -> Mono.just(new Decision(
                        InjectionOutcome.failed(eventId, null, "TripleSeat credential unreadable"), null, localId)))
                .onErrorResume(PlatformCallException.class, e -> Mono.just(new Decision(
                        InjectionOutcome.failed(eventId, null, failure("TripleSeat event fetch", e)), null, localId)));
    }

    /** The error of an event whose TripleSeat credential was refused even after a fresh token. */
    static final String TOKEN_INVALID = "TripleSeat token_invalid: re-authorize the connection";

    private Mono<Void> tokenInvalid(Venue venue, String correlationId) {
        return alerts.raise(venue.tenant(), AlertKind.TOKEN_INVALID, AlertSeverity.CRITICAL,
                venue.tripleseat().connectionId(), "TripleSeat refused the connection's credential after a token"
                        + " refresh; order injection stops until it is re-authorized",
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString(), correlationId,
                java.util.Map.of("provider", "tripleseat"));
    }

    private static TripleSeatClient.Account tripleSeatAccount(PlatformAccount account) {
        return new TripleSeatClient.Account(account.connectionId(), api(account),
                TripleSeatCredentials.parse(account.token()));
    }

    private static ApiTarget api(PlatformAccount account) {
        return new ApiTarget(account.baseUrl(), account.token());
    }

    /**
     * What a failed outcome (and so {@code /api/sync/tripleseat}) says about a failed call: the call and, when the
     * platform answered, its status; never the address, what it did (refused, timed out, did not resolve) or any
     * text of the answer.
     */
    static String failure(String call, PlatformCallException e) {
        if (e.status() >= 200 && e.status() < 300) {
            return call + " answer unreadable";
        }
        return e.status() > 0 ? call + " answered " + e.status() : call + " failed";
    }

    private SkipReason gateKeeper(TripleSeatEvent event, TimeGate gate) {
        String status = event.status() == null ? "" : event.status().toUpperCase(Locale.ROOT);
        if (properties.cancelledStatuses().stream().anyMatch(s -> s.equalsIgnoreCase(status))) {
            return SkipReason.CANCELLED;
        }
        if (event.date() == null) {
            return SkipReason.NO_DATE;
        }
        if (!gate.admits(event.date(), clock)) {
            return SkipReason.OUTSIDE_TIME_GATE;
        }
        if (event.items().isEmpty()) {
            return SkipReason.NO_ITEMS;
        }
        return null;
    }

    /** Inside the lock: Revel is asked again by local_id, so an order made by any earlier run is never doubled. */
    private Mono<InjectionOutcome> injectInto(PlatformAccount target, TripleSeatEvent event, String localId,
            String correlationId) {
        return Mono.defer(() -> revel.findOrderId(api(target), localId))
                .map(existing -> InjectionOutcome.skipped(event.id(), event, SkipReason.DUPLICATE, existing))
                .switchIfEmpty(Mono.defer(() -> revel.createOrder(api(target), target.account(),
                                new RevelClient.NewOrder(localId, event.name(), event.items()))
                        .map(orderId -> InjectionOutcome.injected(event, orderId))));
    }

    private Mono<Void> record(Venue venue, Decision decision, RunTrigger trigger, String correlationId) {
        InjectionOutcome o = decision.outcome();
        boolean open = switch (o.outcome()) {
            case INJECTED -> false;
            case FAILED -> true;
            case SKIPPED -> {
                SkipReason reason = SkipReason.valueOf(o.reason().toUpperCase(Locale.ROOT));
                yield !reason.isFinal() && !(o.date() != null && venue.settings().timeGate().passed(o.date(), clock));
            }
        };
        return store.save(new OrderInjectionStore.Attempt(venue.tenant(), venue.tripleseat().connectionId(),
                        decision.revelConnectionId(), decision.localId(), o, trigger.code(), correlationId, clock.instant()))
                .then(queue.settle(venue.tenant(), o.eventId(), open, o.date(), clock.instant()));
    }

    private Mono<Void> announce(Venue venue, Decision decision, String correlationId) {
        if (decision.outcome().outcome() != Outcome.INJECTED) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return publisher.publish(venue.tenant(), decision.revelConnectionId(), decision.outcome(), correlationId, now)
                .onErrorResume(e -> {
                    // The order exists and its outcome is stored; only the announcement is lost. Logged for operators.
                    logWith(correlationId, () -> log.error("order.injected for tripleseat event {} of tenant {} not published",
                            decision.outcome().eventId(), venue.tenant(), e));
                    return Mono.empty();
                });
    }

    private void observe(Venue venue, InjectionOutcome o, RunTrigger trigger, String correlationId) {
        if (!o.unreadRows().isEmpty()) {
            logWith(correlationId, () -> log.warn("tripleseat event {} of tenant {}: {} invoice row(s) not read as items"
                    + " (see unread_rows; correlation_id={})", o.eventId(), venue.tenant(), o.unreadRows().size(),
                    correlationId));
        }
        Counter.builder(METRIC)
                .description("TripleSeat events by injection outcome")
                .tag("outcome", o.outcome().code())
                .tag("reason", o.reason() == null ? "none" : o.reason())
                .tag("trigger", trigger.code())
                .register(meters).increment();
        logWith(correlationId, () -> {
            switch (o.outcome()) {
                case INJECTED -> log.info("tripleseat event {} of tenant {} injected as revel order {} ({}, correlation_id={})",
                        o.eventId(), venue.tenant(), o.revelOrderId(), trigger.code(), correlationId);
                case SKIPPED -> log.info("tripleseat event {} of tenant {} skipped: {} ({}, correlation_id={})",
                        o.eventId(), venue.tenant(), o.reason(), trigger.code(), correlationId);
                case FAILED -> log.warn("tripleseat event {} of tenant {} failed: {} ({}, correlation_id={})",
                        o.eventId(), venue.tenant(), o.error(), trigger.code(), correlationId);
            }
        });
    }

    /** Logs with the correlation id in the MDC: reactive code runs on threads the id was never put on. */
    static void logWith(String correlationId, Runnable logging) {
        String previous = MDC.get(Correlation.MDC_KEY);
        MDC.put(Correlation.MDC_KEY, correlationId);
        try {
            logging.run();
        } finally {
            if (previous == null) {
                MDC.remove(Correlation.MDC_KEY);
            } else {
                MDC.put(Correlation.MDC_KEY, previous);
            }
        }
    }
}
