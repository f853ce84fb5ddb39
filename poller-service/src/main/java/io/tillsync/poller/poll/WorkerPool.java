package io.tillsync.poller.poll;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one set of poll workers (Clover's, or Toast/Square/Shopify's): up to {@code size} daemon threads,
 * each running {@code drain} (claim and poll due connections until none is left) when woken; a worker already
 * draining is not started twice. {@link #close()} interrupts them; their leases expire on their own.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final String name;
    private final ExecutorService pool;
    private final Semaphore idle;
    private volatile boolean stopping;

    public WorkerPool(String name, int size) {
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.idle = new Semaphore(size);
    }

    /** A replica id: this host's name and a random suffix. */
    public static String replicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "poller";
        }
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    public boolean stopping() {
        return stopping;
    }

    /** Puts every idle worker to running {@code drain}. */
    public void wake(Runnable drain) {
        while (!stopping && idle.tryAcquire()) {
            pool.execute(() -> {
                try {
                    drain.run();
                } catch (RuntimeException e) {
                    log.error("{} worker stopped by an unexpected failure; next tick restarts it", name, e);
                } finally {
                    idle.release();
                }
            });
        }
    }

    /** Stops the workers; those still busy after 10 s leave their leases to expire ({@code leaseTtl}). */
    public void close(Duration leaseTtl) throws InterruptedException {
        stopping = true;
        pool.shutdownNow();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("{} workers still busy at shutdown; their leases expire after {}", name, leaseTtl);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ZERO);
    }
}
