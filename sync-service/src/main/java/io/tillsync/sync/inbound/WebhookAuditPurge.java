package io.tillsync.sync.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retention of the webhook audit ({@code tillsync.sync.inbound.audit-retention}, 30 days; 0 = keep): deletes
 * finished rows (processed, duplicate, ignored, failed) received longer ago, at most {@code audit-purge-batch} per
 * statement, each its own short transaction, batch after batch until none is left, then waits
 * {@code audit-purge-interval}. An original that a newer duplicate still points at stays until that duplicate goes.
 * Rows purged are counted in {@code tillsync.sync.audit.purged}.
 */
@Component
public class WebhookAuditPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookAuditPurge.class);
    private static final int MAX_BATCHES_PER_ROUND = 1000;
    private static final String PURGE = """
            DELETE FROM webhook_audit WHERE id IN (
                SELECT a.id FROM webhook_audit a
                WHERE a.received_at < now() - :ms * interval '1 millisecond'
                  AND a.status IN ('processed', 'duplicate', 'ignored', 'failed')
                  AND NOT EXISTS (SELECT 1 FROM webhook_audit d WHERE d.duplicate_of = a.id)
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private final DatabaseClient db;
    private final InboundProperties properties;
    private final Counter purged;
    private Disposable running;

    public WebhookAuditPurge(DatabaseClient db, InboundProperties properties, MeterRegistry registry) {
        this.db = db;
        this.properties = properties;
        this.purged = Counter.builder("tillsync.sync.audit.purged").description("Webhook audit rows deleted by retention")
                .register(registry);
    }

    /** One round; emits the rows deleted (0 when retention is off). */
    public Mono<Long> purgeOnce() {
        Duration window = properties.auditRetention();
        if (window.isZero() || window.isNegative()) {
            return Mono.just(0L);
        }
        int batch = properties.auditPurgeBatch();
        return Flux.range(0, MAX_BATCHES_PER_ROUND)
                .concatMap(i -> db.sql(PURGE).bind("ms", window.toMillis()).bind("batch", batch).fetch().rowsUpdated())
                .doOnNext(purged::increment)
                .takeUntil(n -> n < batch)
                .reduce(0L, Long::sum);
    }

    @Override
    public void start() {
        Duration every = properties.auditPurgeInterval();
        running = Flux.interval(every, every).onBackpressureDrop()
                .concatMap(tick -> purgeOnce().onErrorResume(e -> {
                    log.warn("Webhook audit purge failed; trying again in {}", every, e);
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
