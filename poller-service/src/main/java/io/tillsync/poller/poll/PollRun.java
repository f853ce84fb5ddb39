package io.tillsync.poller.poll;

import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.ChangeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One poll of one claimed connection as a {@link ConnectionPoller} sees it: the connection, where to call and as whom,
 * who the changes belong to, where to read from, and the means to publish (waiting for Kafka's acknowledgement,
 * renewing the lease) and to keep state between polls. Counts items seen and changes published for the manual-sync
 * status.
 */
public final class PollRun {

    private final PolledConnection connection;
    private final ApiTarget target;
    private final ChangeSource source;
    private final Instant since;
    private final boolean cleanupDue;
    private final PollStateStore store;
    private final TopicPublisher<CatalogChange> publisher;
    private final String replica;
    private final Duration leaseTtl;
    private final Duration ackTimeout;
    private int itemsSeen;
    private int changesPublished;

    PollRun(PolledConnection connection, ApiTarget target, ChangeSource source, Instant since, boolean cleanupDue,
            PollStateStore store, TopicPublisher<CatalogChange> publisher, String replica, Duration leaseTtl,
            Duration ackTimeout) {
        this.connection = connection;
        this.target = target;
        this.source = source;
        this.since = since;
        this.cleanupDue = cleanupDue;
        this.store = store;
        this.publisher = publisher;
        this.replica = replica;
        this.leaseTtl = leaseTtl;
        this.ackTimeout = ackTimeout;
    }

    public PolledConnection connection() {
        return connection;
    }

    public ApiTarget target() {
        return target;
    }

    public ChangeSource source() {
        return source;
    }

    /** Read changes from here; null on the first poll, a full re-read or a cleanup poll (read everything). */
    public Instant since() {
        return since;
    }

    /** Whether this poll should list everything and delete what is no longer listed (ghost cleanup). */
    public boolean cleanupDue() {
        return cleanupDue;
    }

    /** The poll's start on the database clock: the time stamped on changes the platform gives no time for. */
    public Instant startedAt() {
        return connection.runStartedAt();
    }

    /** Counts items read from the platform (the manual-sync status's "items seen"). */
    public void saw(int items) {
        itemsSeen += items;
    }

    /**
     * Publishes changes to {@code catalog.changes} as the webhook path does (key {@code tenant:itemId}, correlation
     * id header, in order) and returns once the broker acknowledged every record; then renews the lease
     * ({@link LeaseLostException} when another replica took it).
     */
    public void publish(List<CatalogChange> changes) {
        if (!changes.isEmpty()) {
            try {
                publisher.sendAll(changes, c -> c.getTenant() + ":" + c.getItemId(), CatalogChange::getCorrelationId)
                        .block(ackTimeout);
            } catch (RuntimeException e) {
                throw new IllegalStateException("catalog.changes did not acknowledge the page: " + e.getMessage(), e);
            }
            changesPublished += changes.size();
        }
        store.renew(connection, replica, leaseTtl);
    }

    /** What this connection holds of one kind ({@link HeldItem#ITEM}, {@link HeldItem#REF}), by id. */
    public Map<String, HeldItem> held(String kind) {
        return store.held(connection.connectionId(), kind);
    }

    /** Keeps rows for the next poll (after their changes were published). */
    public void hold(Collection<HeldItem> items) {
        store.hold(connection.connectionId(), List.copyOf(items));
    }

    public int itemsSeen() {
        return itemsSeen;
    }

    public int changesPublished() {
        return changesPublished;
    }
}
