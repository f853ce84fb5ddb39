package io.tillsync.delivery.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.delivery.config.DeliveryProperties;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes what is older than its retention window ({@code tillsync.delivery.retention.*}; 0 = keep): attempts by
 * age, finished deliveries (not PENDING) by when they last changed, messages without a pending delivery by age. Each
 * statement deletes at most {@code batch} rows chosen through an index and is its own transaction, so no purge holds
 * locks for long or rewrites a table; a round goes on batch after batch until a table has nothing left to purge, then
 * waits {@code interval}. Every replica may run it: batches of two replicas only ever delete distinct rows. Rows
 * purged are counted in {@code tillsync.delivery.retention.purged{table}}.
 */
@Component
public class RetentionJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Batches per table per round at most, so one round always ends and the next sees fresh cut-offs. */
    private static final int MAX_BATCHES_PER_ROUND = 1000;

    /** One table's purge: the statement deleting one batch older than {@code :ms} milliseconds. */
    private record Purge(String table, Duration window, String sql) {
    }

    private final DatabaseClient db;
    private final DeliveryProperties.Retention config;
    private final MeterRegistry registry;
    private final List<Purge> purges;
    private Disposable running;

    public RetentionJob(DatabaseClient db, DeliveryProperties properties, MeterRegistry registry) {
        this.db = db;
        this.config = properties.retention();
        this.registry = registry;
        this.purges = List.of(
                new Purge("message_attempt", config.attempts(), """
                        DELETE FROM message_attempt WHERE id IN (
                            SELECT id FROM message_attempt WHERE created_at < now() - :ms * interval '1 millisecond'
                            LIMIT :batch)"""),
                new Purge("delivery", config.deliveries(), """
                        DELETE FROM delivery WHERE id IN (
                            SELECT id FROM delivery WHERE status <> 'PENDING'
                              AND updated_at < now() - :ms * interval '1 millisecond'
                            LIMIT :batch FOR UPDATE SKIP LOCKED)"""),
                new Purge("message", config.messages(), """
                        DELETE FROM message WHERE id IN (
                            SELECT m.id FROM message m WHERE m.created_at < now() - :ms * interval '1 millisecond'
                              AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.message_id = m.id AND d.status = 'PENDING')
                            LIMIT :batch FOR UPDATE SKIP LOCKED)"""));
    }

    /** One round over every table with a window; emits the rows deleted. */
    public Mono<Long> purgeOnce() {
        return Flux.fromIterable(purges)
                .filter(p -> !p.window().isZero() && !p.window().isNegative())
                .concatMap(this::purge)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purge(Purge purge) {
        Counter purged = Counter.builder("tillsync.delivery.retention.purged")
                .description("Rows deleted by retention").tag("table", purge.table()).register(registry);
        return Flux.range(0, MAX_BATCHES_PER_ROUND)
                .concatMap(i -> db.sql(purge.sql()).bind("ms", purge.window().toMillis()).bind("batch", config.batch())
                        .fetch().rowsUpdated())
                .doOnNext(purged::increment)
                .takeUntil(n -> n < config.batch())
                .reduce(0L, Long::sum);
    }

    @Override
    public void start() {
        running = Flux.interval(config.interval(), config.interval())
                .onBackpressureDrop()
                .concatMap(tick -> purgeOnce().onErrorResume(e -> {
                    log.warn("Retention round failed; trying again in {}", config.interval(), e);
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
