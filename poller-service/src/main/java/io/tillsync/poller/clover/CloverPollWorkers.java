package io.tillsync.poller.clover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import io.tillsync.poller.poll.WorkerPool;
import org.springframework.stereotype.Component;

/**
 * This replica's Clover pollers: up to {@code workers} threads, each claiming one due merchant at a time from
 * {@link MerchantStore} (so replicas split the merchants between them and never poll one twice at once), polling it
 * with {@link MerchantPoller}, and claiming the next until none is due. {@link #tick()} runs on every tick, {@link #wake()} after
 * a manual sync request (the tick also adds new connections); {@link #drain(String)} polls in the calling thread (tests, tools).
 */
@Component
public class CloverPollWorkers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CloverPollWorkers.class);

    private final MerchantStore store;
    private final MerchantPoller poller;
    private final CloverProperties properties;
    private final String replica;
    private final WorkerPool pool;

    @Autowired
    public CloverPollWorkers(MerchantStore store, MerchantPoller poller, CloverProperties properties) {
        this(store, poller, properties, WorkerPool.replicaId());
    }

    /** A worker set with an explicit replica id (tests stand up a second replica this way). */
    public CloverPollWorkers(MerchantStore store, MerchantPoller poller, CloverProperties properties, String replica) {
        this.store = store;
        this.poller = poller;
        this.properties = properties;
        this.replica = replica;
        this.pool = new WorkerPool("clover-poll", properties.workers());
    }

    public String replica() {
        return replica;
    }

    /** Adds state rows for clover connections created since the last look. */
    public void discover() {
        store.discover().block(Duration.ofSeconds(30));
    }

    /** One tick: adds newly created clover connections, then {@link #wake()}s the workers. */
    public void tick() {
        if (pool.stopping() || !properties.enabled()) {
            return;
        }
        try {
            store.discover().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("could not look for new clover connections: {}", e.getMessage());
        }
        wake();
    }

    /**
     * Puts every idle worker to draining the due merchants. Does nothing when polling is switched off on this
     * replica.
     */
    public void wake() {
        if (pool.stopping() || !properties.enabled()) {
            return;
        }
        pool.wake(() -> drain(null));
    }

    /**
     * Claims and polls due merchants in the calling thread until none is left (or only the given connection, when
     * not null); answers each poll's outcome.
     */
    public List<PollOutcome> drain(String connectionId) {
        List<PollOutcome> outcomes = new ArrayList<>();
        while (!pool.stopping() && !Thread.currentThread().isInterrupted()) {
            ClaimedMerchant m = store.claim(replica, properties.leaseTtl(), connectionId).block(Duration.ofSeconds(30));
            if (m == null) {
                return outcomes;
            }
            outcomes.add(poller.poll(m, replica));
        }
        return outcomes;
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.close(properties.leaseTtl());
    }
}
