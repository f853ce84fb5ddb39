package io.tillsync.poller.clover;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
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
    private final ExecutorService pool;
    private final Semaphore idle;
    private volatile boolean stopping;

    @Autowired
    public CloverPollWorkers(MerchantStore store, MerchantPoller poller, CloverProperties properties) {
        this(store, poller, properties, hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A worker set with an explicit replica id (tests stand up a second replica this way). */
    public CloverPollWorkers(MerchantStore store, MerchantPoller poller, CloverProperties properties, String replica) {
        this.store = store;
        this.poller = poller;
        this.properties = properties;
        this.replica = replica;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.workers(), r -> {
            Thread t = new Thread(r, "clover-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.idle = new Semaphore(properties.workers());
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
        if (stopping || !properties.enabled()) {
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
        if (stopping || !properties.enabled()) {
            return;
        }
        while (!stopping && idle.tryAcquire()) {
            pool.execute(() -> {
                try {
                    drain(null);
                } catch (RuntimeException e) {
                    log.error("clover poll worker stopped by an unexpected failure; next tick restarts it", e);
                } finally {
                    idle.release();
                }
            });
        }
    }

    /**
     * Claims and polls due merchants in the calling thread until none is left (or only the given connection, when
     * not null); answers each poll's outcome.
     */
    public List<PollOutcome> drain(String connectionId) {
        List<PollOutcome> outcomes = new ArrayList<>();
        while (!stopping && !Thread.currentThread().isInterrupted()) {
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
        stopping = true;
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("clover poll workers still busy at shutdown; their leases expire after {}", properties.leaseTtl());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "poller";
        }
    }
}
