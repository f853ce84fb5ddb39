package io.tillsync.poller.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This replica's Toast, Square and Shopify pollers: up to {@code workers} threads, each claiming one due connection
 * at a time from {@link PollStateStore} (so replicas split the connections and never poll one twice at once),
 * polling it with {@link PollRunner}, and claiming the next until none is due. {@link #tick()} adds new connections
 * and wakes the workers; {@link #wake()} follows a manual sync request; {@link #drain(String)} polls in the calling
 * thread (tests, tools).
 */
@Component
public class PollWorkers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PollWorkers.class);

    private final PollStateStore store;
    private final PollRunner runner;
    private final PollProperties properties;
    private final String replica;
    private final WorkerPool pool;

    @Autowired
    public PollWorkers(PollStateStore store, PollRunner runner, PollProperties properties) {
        this(store, runner, properties, WorkerPool.replicaId());
    }

    /** A worker set with an explicit replica id (tests stand up a second replica this way). */
    public PollWorkers(PollStateStore store, PollRunner runner, PollProperties properties, String replica) {
        this.store = store;
        this.runner = runner;
        this.properties = properties;
        this.replica = replica;
        this.pool = new WorkerPool("pos-poll", properties.workers());
    }

    public String replica() {
        return replica;
    }

    /** Adds state rows for connections created since the last look. */
    public void discover() {
        store.discover(runner.providers()).block(Duration.ofSeconds(30));
    }

    /** One tick: adds newly created connections, then {@link #wake()}s the workers. */
    public void tick() {
        if (pool.stopping() || !properties.enabled()) {
            return;
        }
        try {
            discover();
        } catch (RuntimeException e) {
            log.warn("could not look for new POS connections: {}", e.getMessage());
        }
        wake();
    }

    /** Puts every idle worker to draining the due connections (nothing when polling is off on this replica). */
    public void wake() {
        if (pool.stopping() || !properties.enabled()) {
            return;
        }
        pool.wake(() -> drain(null));
    }

    /** Claims and polls due connections in the calling thread until none is left (or only the given one). */
    public List<PollRunner.Outcome> drain(String connectionId) {
        List<PollRunner.Outcome> outcomes = new ArrayList<>();
        while (!pool.stopping() && !Thread.currentThread().isInterrupted()) {
            PolledConnection c = store.claim(replica, properties.leaseTtl(), runner.providers(), connectionId)
                    .block(Duration.ofSeconds(30));
            if (c == null) {
                return outcomes;
            }
            outcomes.add(runner.poll(c, replica));
        }
        return outcomes;
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.close(properties.leaseTtl());
    }
}
