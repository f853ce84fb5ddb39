package io.tillsync.kit.db;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Vacuums a service's high-churn tables itself when the database server runs with {@code autovacuum = off} (the
 * shared development machines do): a work queue whose rows are updated thousands of times a second otherwise keeps
 * every dead row version in its indexes, and each claim scans more of them than the one before. On a server with
 * autovacuum on (any normal one) this does nothing beyond one {@code SHOW autovacuum} at start; the tables' own
 * autovacuum settings in the migrations apply there.
 *
 * <p>Tables are named by the service (unqualified: the connection's schema), vacuumed one after the other every
 * {@code interval}; a tick is skipped while the previous one still runs; a failure is logged and retried next tick.
 */
public class VacuumWhenAutovacuumOff implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VacuumWhenAutovacuumOff.class);

    private final DatabaseClient db;
    private final List<String> tables;
    private final Duration interval;
    private volatile Disposable task;

    public VacuumWhenAutovacuumOff(DatabaseClient db, List<String> tables, Duration interval) {
        for (String table : tables) {
            if (!table.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a plain table name: " + table);
            }
        }
        this.db = db;
        this.tables = List.copyOf(tables);
        this.interval = interval;
    }

    @Override
    public void start() {
        task = db.sql("SHOW autovacuum").map(row -> row.get(0, String.class)).one()
                .onErrorResume(e -> {
                    log.warn("Could not read the server's autovacuum setting; not vacuuming {} here", tables, e);
                    return Mono.empty();
                })
                .filter("off"::equals)
                .doOnNext(off -> log.warn("The database server runs with autovacuum off: this service vacuums {} "
                        + "itself every {}", tables, interval))
                .flatMapMany(off -> Flux.interval(interval, interval).onBackpressureDrop())
                .concatMap(tick -> vacuum(), 1)
                .subscribe();
    }

    /** One pass over the tables. */
    Mono<Void> vacuum() {
        return Flux.fromIterable(tables)
                .concatMap(table -> db.sql("VACUUM (ANALYZE) " + table).then()
                        .onErrorResume(e -> {
                            log.warn("VACUUM of {} failed; trying again in {}: {}", table, interval, e.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    @Override
    public void stop() {
        Disposable running = task;
        if (running != null) {
            running.dispose();
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
