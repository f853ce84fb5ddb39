package io.tillsync.sync.propagation;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.kit.tracing.Traces;
import io.tillsync.platforms.WriteResult;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.schemas.AlertKind;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.propagation.PropagationStore.StoredTarget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Drains the propagation outbox: claims due jobs (SKIP LOCKED, leased, so replicas share the work; the lease is
 * short and renewed while a job is processed, so a crashed worker's jobs come back within one lease), resolves the item on the target through the item links, records the
 * write in the ledger BEFORE calling the platform (so the echo is recognised even when it overtakes our own
 * bookkeeping), writes through the provider's {@link PlatformWriter} and links what a create made. Transient failures
 * are retried with exponential backoff; after the last attempt, or at once for a permanent failure, the job is marked
 * dead and the change goes to {@code catalog.changes.dlt} with the reason in its headers, plus a
 * {@code PROPAGATION_FAILED} ops alert. Runs apart from the apply listener, so a slow platform never delays
 * availability updates.
 */
@Component
public class PropagationWorker implements SmartLifecycle {

    /** Header of a dead-lettered propagation naming why it failed. */
    public static final String REASON_HEADER = "tillsync-dlt-reason";
    /** Header of a dead-lettered propagation naming the target connection. */
    public static final String TARGET_HEADER = "tillsync-propagation-target";

    private static final Logger log = LoggerFactory.getLogger(PropagationWorker.class);

    private final PropagationStore store;
    private final Map<String, PlatformWriter> writers;
    private final SecretBox secrets;
    private final PropagationProperties properties;
    private final KafkaTemplate<Object, Object> deadLetters;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Traces traces;
    /** Jobs claimed and not yet settled, with their attempt count at the claim (lease renewal). */
    private final Map<UUID, Integer> leased = new ConcurrentHashMap<>();
    private volatile Disposable running;
    private volatile Disposable renewal;

    public PropagationWorker(PropagationStore store, List<PlatformWriter> writers, SecretBox secrets,
            PropagationProperties properties, @Qualifier("deadLetterTemplate") KafkaTemplate<Object, Object> deadLetters,
            MeterRegistry meters, ObjectProvider<Clock> clock, Traces traces) {
        this.traces = traces;
        this.store = store;
        this.writers = writers.stream().collect(Collectors.toUnmodifiableMap(PlatformWriter::provider, Function.identity()));
        this.secrets = secrets;
        this.properties = properties;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = Flux.interval(properties.pollInterval()).onBackpressureDrop()
                .concatMap(tick -> drainOnce().onErrorResume(e -> {
                    log.warn("propagation worker pass failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        Duration every = properties.lease().dividedBy(3);
        renewal = Flux.interval(every, every).onBackpressureDrop()
                .concatMap(tick -> store.renew(Map.copyOf(leased), clock.instant(), properties.lease())
                        .onErrorResume(e -> {
                            log.warn("could not renew the lease of {} propagation jobs: {}", leased.size(), e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
        Disposable r = renewal;
        if (r != null) {
            r.dispose();
        }
        renewal = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }

    /** One pass: claims due jobs and processes them (a few at a time); completes when they are all settled. */
    public Mono<Void> drainOnce() {
        return store.claim(properties.batchSize(), clock.instant(), properties.lease())
                .doOnNext(job -> log.debug("claimed propagation job {} (change {}, attempt {})", job.id(), job.changeId(),
                        job.attempts()))
                .flatMap(job -> {
                    leased.put(job.id(), job.attempts());
                    return process(job).doFinally(signal -> leased.remove(job.id()));
                }, 4).then();
    }

    Mono<Void> process(PropagationJob job) {
        CatalogChange change = job.change();
        // the target is looked up as an Optional: every path below completes empty, so an empty-switch after them
        // would also fire after a successful write
        return traces.continued("tillsync.propagation.write", job.traceparent(), store.writeTarget(job.targetConnectionId())
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> found.isEmpty() ? skip(job, "target connection is gone or disabled")
                        : process(job, change, found.get()))
                .onErrorResume(e -> failed(job, change, e)));
    }

    private Mono<Void> process(PropagationJob job, CatalogChange change, StoredTarget target) {
        PlatformWriter writer = writers.get(target.provider());
        if (writer == null || target.apiBaseUrl() == null) {
            return skip(job, "no writer or API location for " + target.provider());
        }
        WriteTarget where = new WriteTarget(target.id(), target.apiBaseUrl(), secrets.decrypt(target.apiTokenEnc(),
                SecretField.CONNECTION_API_TOKEN.at(target.id())),
                PropagationStore.map(target.settingsJson()));
        return store.linkedItem(job.sourceConnectionId(), job.sourceItemId(), target.id())
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(link -> write(job, change, target, where, writer, link.orElse(null)));
    }

    private Mono<Void> write(PropagationJob job, CatalogChange change, StoredTarget target, WriteTarget where,
            PlatformWriter writer, ItemLink link) {
        String key = UUID.nameUUIDFromBytes((change.getChangeId() + "|" + target.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
        PlatformWrite write;
        switch (job.kind()) {
            case AVAILABILITY -> {
                if (link == null) {
                    return skip(job, "item not linked on the target");
                }
                write = new PlatformWrite.SetAvailability(key, link.externalId(), link.attributes(),
                        ((AvailabilityChange) change.getChange()).getAvailable());
            }
            case INVENTORY -> {
                if (link == null) {
                    return skip(job, "item not linked on the target");
                }
                write = new PlatformWrite.SetInventory(key, link.externalId(), link.attributes(),
                        ((InventoryLevel) change.getChange()).getQuantity());
            }
            case UPSERT -> {
                if (link == null ? !target.propagateCreates() : !target.propagateUpdates()) {
                    return skip(job, link == null ? "creates not propagated to the target" : "updates not propagated to the target");
                }
                ProductUpsert u = (ProductUpsert) change.getChange();
                write = new PlatformWrite.UpsertProduct(key, link == null ? null : link.externalId(),
                        link == null ? Map.of() : link.attributes(), u.getTitle(), u.getStatus(), u.getVariants());
            }
            default -> {
                if (link == null) {
                    return skip(job, "item not linked on the target");
                }
                write = new PlatformWrite.DeleteProduct(key, link.externalId());
            }
        }
        String targetItem = link == null ? null : link.externalId();
        String alt = link == null ? null : firstOf(link.attributes(), "inventory_item_id", "variation_id", "variant_id");
        return store.recordWrite(job.tenant(), target.id(), targetItem, alt, PropagationKind.contentHash(change),
                        change.getChangeId(), clock.instant())
                .flatMap(ledgerId -> writer.write(where, write)
                        .flatMap(result -> remember(job, change, target, link, ledgerId, result)))
                .then(store.finish(job, "done", null))
                .doOnSuccess(v -> {
                    count(target.provider(), "written");
                    log.debug("propagated change {} ({}) to {} on attempt {}", job.changeId(), job.kind().id(),
                            target.id(), job.attempts());
                });
    }

    private Mono<Void> remember(PropagationJob job, CatalogChange change, StoredTarget target, ItemLink link,
            long ledgerId, WriteResult result) {
        if (link != null) {
            return store.updateLinkAttributes(target.id(), link.externalId(), result.attributes());
        }
        return store.completeWrite(ledgerId, result.targetItemId())
                .then(store.link(job.tenant(), job.sourceConnectionId(), job.sourceItemId(), target.id(),
                        result.targetItemId(), result.attributes()))
                // a platform that reports stock under the item's own id (Toast, Clover) needs no second link: the
                // item link already names the target's variant in its attributes
                .then(Flux.fromIterable(result.variantLinks().entrySet())
                        .filter(v -> !sourceStockId(change, v.getKey()).equals(job.sourceItemId()))
                        .concatMap(v -> store.link(job.tenant(), job.sourceConnectionId(),
                                sourceStockId(change, v.getKey()), target.id(), v.getValue(), Map.of()))
                        .then());
    }

    /**
     * The id under which the source platform reports stock of one of its variants: Shopify names the variant's
     * inventory item (passed in the upsert's extras as {@code inventoryItemId.<variantId>}), the others the variant.
     */
    static String sourceStockId(CatalogChange change, String variantId) {
        if (change.getChange() instanceof ProductUpsert u && u.getExtras() != null) {
            String inventoryItem = u.getExtras().get("inventoryItemId." + variantId);
            if (inventoryItem != null) {
                return inventoryItem;
            }
        }
        return variantId;
    }

    private Mono<Void> skip(PropagationJob job, String reason) {
        count("none", "skipped");
        log.debug("propagation of change {} to {} skipped: {}", job.changeId(), job.targetConnectionId(), reason);
        return store.finish(job, "skipped", reason);
    }

    private Mono<Void> failed(PropagationJob job, CatalogChange change, Throwable e) {
        String reason = e instanceof PlatformCallException ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean transientFailure = !(e instanceof PlatformCallException p) || p.transientFailure();
        if (transientFailure && job.attempts() < properties.maxAttempts()) {
            count("any", "retried");
            log.info("propagation of change {} to {} failed (attempt {}), retrying: {}", job.changeId(),
                    job.targetConnectionId(), job.attempts(), reason);
            return store.retryAt(job, clock.instant().plus(properties.backoff(job.attempts())), reason);
        }
        count("any", "dead");
        log.warn("propagation of change {} to {} dead after {} attempt(s): {}", job.changeId(), job.targetConnectionId(),
                job.attempts(), reason);
        return deadLetter(job, change, reason).then(store.finish(job, "dead", reason));
    }

    private Mono<Void> deadLetter(PropagationJob job, CatalogChange change, String reason) {
        ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.CATALOG_CHANGES.dlt(),
                change.getTenant() + ":" + change.getItemId(), change);
        record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add(TARGET_HEADER, job.targetConnectionId().getBytes(StandardCharsets.UTF_8));
        OpsAlert alert = OpsAlert.newBuilder().setAlertId(UUID.nameUUIDFromBytes(("alert|" + job.id() + "|"
                        + job.changeId()).getBytes(StandardCharsets.UTF_8)).toString())
                .setTenant(job.tenant()).setKind(AlertKind.PROPAGATION_FAILED.name()).setSeverity(AlertSeverity.WARNING)
                .setSubject(job.targetConnectionId()).setMessage("change " + job.changeId() + " of item "
                        + job.sourceItemId() + " could not be written: " + reason)
                .setOccurredAt(clock.instant()).setCorrelationId(change.getCorrelationId()).build();
        // Both sends start here, on a thread that may block for metadata: chaining the second onto the first's
        // completion would run it on the producer's own network thread, which then waits for itself.
        return Mono.fromFuture(() -> CompletableFuture.allOf(deadLetters.send(record),
                        deadLetters.send(Topics.OPS_ALERTS.name(), job.tenant(), alert)))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private void count(String provider, String outcome) {
        meters.counter("tillsync.propagation.writes", "provider", provider, "outcome", outcome).increment();
    }

    private static String firstOf(Map<String, String> map, String... keys) {
        for (String k : keys) {
            if (map.get(k) != null) {
                return map.get(k);
            }
        }
        return null;
    }

}
