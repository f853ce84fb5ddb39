package io.tillsync.sync.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.propagation.PropagationKind;
import io.tillsync.sync.propagation.PropagationPlanner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a batch of {@link CatalogChange}s: in ONE transaction, all availability changes with one statement
 * (each item's newest only), inventory levels and product upserts/deletes in record order, and the propagation
 * outbox entries of what won; after the commit, the platform events of what won are published and acknowledged. Only
 * then does the listener let Kafka commit the offsets, so a crash anywhere leads to a redelivery that converges on the
 * same rows and re-emits the same (deterministic) event ids.
 *
 * <p>Within one batch, several availability changes of the same item collapse into the newest: subscribers get the
 * net flip, not each intermediate one.
 */
@Component
public class CatalogApplier {

    private final MenuItemStore menuItems;
    private final InventoryStore inventory;
    private final ProductStore products;
    private final PropagationPlanner planner;
    private final TopicPublisher<PlatformEvent> events;
    private final TransactionalOperator tx;
    private final CatalogProperties properties;
    private final Clock clock;
    private final Counter applied;
    private final Counter stale;
    private final Timer batchTimer;

    public CatalogApplier(MenuItemStore menuItems, InventoryStore inventory, ProductStore products,
            PropagationPlanner planner, TopicPublishers publishers, TransactionalOperator tx,
            CatalogProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        this.menuItems = menuItems;
        this.inventory = inventory;
        this.products = products;
        this.planner = planner;
        this.events = publishers.forTopic(Topics.PLATFORM_EVENTS);
        this.tx = tx;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        this.applied = Counter.builder("tillsync.catalog.changes").tag("outcome", "applied")
                .description("Catalog changes that won last-writer-wins").register(meters);
        this.stale = Counter.builder("tillsync.catalog.changes").tag("outcome", "stale")
                .description("Catalog changes older than what is stored (or collapsed in their batch)").register(meters);
        this.batchTimer = Timer.builder("tillsync.catalog.batch").description("Time to apply and publish one batch")
                .register(meters);
    }

    /** Applies the batch and publishes its events; completes with the number of events published. */
    public Mono<Integer> apply(List<CatalogChange> changes) {
        if (changes.isEmpty()) {
            return Mono.just(0);
        }
        Timer.Sample sample = Timer.start();
        Map<String, AvailabilityUpdate> newestAvailability = new LinkedHashMap<>();
        Map<String, CatalogChange> byChangeId = new HashMap<>();
        List<CatalogChange> inOrder = new ArrayList<>();
        for (CatalogChange c : changes) {
            byChangeId.put(c.getChangeId(), c);
            if (c.getChange() instanceof AvailabilityChange a) {
                AvailabilityUpdate u = AvailabilityUpdate.of(c, a);
                newestAvailability.merge(u.key(), u, (old, neu) -> neu.newerThan(old) ? neu : old);
            } else {
                inOrder.add(c);
            }
        }
        List<PlatformEvent> out = new ArrayList<>();
        List<CatalogChange> winners = new ArrayList<>();
        Set<String> meaningful = new HashSet<>();
        Mono<Void> work = menuItems.apply(new ArrayList<>(newestAvailability.values()))
                .doOnNext(a -> {
                    CatalogChange c = byChangeId.get(a.changeId());
                    winners.add(c);
                    if (a.flipped()) {
                        meaningful.add(a.changeId());
                    }
                    out.addAll(CatalogEvents.of(a, c.getCorrelationId()));
                })
                .thenMany(Flux.fromIterable(inOrder).concatMap(c -> applyOne(c, out, winners, meaningful)))
                .then(Mono.defer(() -> planner.plan(winners, meaningful, clock.instant())));
        return tx.transactional(work)
                .then(Mono.defer(() -> events.sendAll(out, e -> e.getTenant() + ":" + e.getSubject(), PlatformEvent::getCorrelationId)))
                .then(Mono.fromSupplier(() -> {
                    applied.increment(winners.size());
                    stale.increment(changes.size() - winners.size());
                    sample.stop(batchTimer);
                    return out.size();
                }));
    }

    private Mono<Void> applyOne(CatalogChange c, List<PlatformEvent> out, List<CatalogChange> winners,
            Set<String> meaningful) {
        Object change = c.getChange();
        if (change instanceof InventoryLevel level) {
            return inventory.apply(InventoryUpdate.of(c, level), properties.lowStockThreshold()).doOnNext(a -> {
                winners.add(c);
                if (a.quantityChanged()) {
                    meaningful.add(c.getChangeId());
                }
                out.addAll(CatalogEvents.of(a, c.getCorrelationId()));
            }).then();
        }
        Mono<AppliedProduct> product = change instanceof ProductUpsert upsert
                ? products.upsert(c, upsert, PropagationKind.contentHash(c))
                : products.delete(c, (ProductDelete) change);
        return product.doOnNext(p -> {
            winners.add(c);
            if (p.eventType() != null && p.contentChanged()) {
                meaningful.add(c.getChangeId());
            }
            out.addAll(CatalogEvents.of(p));
        }).then();
    }

}
