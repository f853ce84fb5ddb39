package io.tillsync.sync.propagation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.kit.tracing.Traces;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides, inside the transaction that applied a batch, which applied changes go to which of the tenant's other
 * connections, and puts them in the outbox. A change is never sent back to its own connection; a change that is the
 * echo of one of our writes (same target connection and content within the echo window, see the ledger) is applied
 * but not propagated again, which is what keeps two platforms from ping-ponging. Tenants without a writable second
 * connection cost one indexed query per batch.
 */
@Component
public class PropagationPlanner {

    private final PropagationStore store;
    private final Set<String> writerProviders;
    private final PropagationProperties properties;
    private final Counter echoes;
    private final Traces traces;

    public PropagationPlanner(PropagationStore store, List<PlatformWriter> writers, PropagationProperties properties,
            MeterRegistry meters, Traces traces) {
        this.store = store;
        this.traces = traces;
        this.writerProviders = writers.stream().map(PlatformWriter::provider).collect(Collectors.toUnmodifiableSet());
        this.properties = properties;
        this.echoes = Counter.builder("tillsync.propagation.echoes")
                .description("Changes recognised as the echo of a write of ours (not propagated again)").register(meters);
    }

    /**
     * Plans the changes that won last-writer-wins. {@code meaningful} tells which of them changed something worth
     * writing elsewhere; the others are still checked against the ledger so their echo entries are consumed.
     */
    public Mono<Void> plan(Collection<CatalogChange> applied, Set<String> meaningful, Instant now) {
        List<CatalogChange> candidates = applied.stream()
                .filter(c -> c.getOrigin() != ChangeOrigin.PROPAGATION && !variantAvailability(c)).toList();
        if (candidates.isEmpty()) {
            return Mono.empty();
        }
        Set<String> tenants = candidates.stream().map(CatalogChange::getTenant).collect(Collectors.toSet());
        return store.targets(tenants, writerProviders).collectMultimap(TargetConnection::tenant, Function.identity())
                .flatMap(byTenant -> byTenant.isEmpty() ? Mono.empty()
                        : Flux.fromIterable(candidates).concatMap(c -> plan(c, byTenant, meaningful, now)).then());
    }

    /**
     * Square's and Shopify's availability is decided per variation/variant while their writers address products, and
     * the echo of a write comes back under the variant's id, which the echo ledger cannot match: such availability
     * is applied and announced to subscribers but not written to other platforms.
     */
    static boolean variantAvailability(CatalogChange c) {
        return PropagationKind.of(c) == PropagationKind.AVAILABILITY
                && ("square".equals(c.getProvider()) || "shopify".equals(c.getProvider()));
    }

    private Mono<Void> plan(CatalogChange change, Map<String, Collection<TargetConnection>> byTenant,
            Set<String> meaningful, Instant now) {
        PropagationKind kind = PropagationKind.of(change);
        List<TargetConnection> eligible = byTenant.getOrDefault(change.getTenant(), List.of()).stream()
                .filter(t -> !t.id().equals(change.getConnectionId()) && kind.allowedBy(t)).toList();
        if (eligible.isEmpty()) {
            return Mono.empty();
        }
        return store.consumeEcho(change, PropagationKind.contentHash(change), now.minus(properties.echoWindow()))
                .flatMap(echo -> {
                    if (echo) {
                        echoes.increment();
                        return Mono.empty();
                    }
                    if (!meaningful.contains(change.getChangeId())) {
                        return Mono.empty();
                    }
                    String traceparent = Traces.traceparent(traces.forCorrelation(change.getCorrelationId()));
                    return Flux.fromIterable(eligible)
                            .concatMap(t -> store.enqueue(change, kind, t.id(), traceparent, now)).then();
                });
    }
}
