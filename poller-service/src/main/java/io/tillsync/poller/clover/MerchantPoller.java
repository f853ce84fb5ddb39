package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.clover.CloverApi;
import io.tillsync.platforms.clover.CloverItemMapper;
import io.tillsync.platforms.clover.CloverItemMapper.MappedItem;
import io.tillsync.platforms.clover.CloverTarget;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.poller.poll.ManualSyncStore;
import io.tillsync.poller.poll.PollAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One poll of one claimed Clover merchant: reads items modified since {@code last_sync_time - overlap} (everything
 * on the first poll) page by page until a short page; publishes each page's changes and, only once Kafka
 * acknowledged them, records the page; on every n-th poll or after the cleanup interval lists all item ids and
 * deletes the ones Clover no longer has (ghosts); then completes the state. Items are mapped by the platforms
 * module's {@link CloverItemMapper}, the same mapping the webhook path uses. A 401 or 403 (a
 * {@link PlatformCallException} that is {@code unauthorized()}) marks the token invalid and
 * raises a TOKEN_INVALID alert; any other failure leaves {@code last_sync_time} where it was, so the next poll
 * re-reads what this one may have half done.
 */
@Component
public class MerchantPoller {

    private static final Logger log = LoggerFactory.getLogger(MerchantPoller.class);

    private final CloverApi api;
    private final MerchantStore store;
    private final TopicPublisher<CatalogChange> publisher;
    private final PollAlerts alerts;
    private final ManualSyncStore manual;
    private final SecretBox secrets;
    private final CloverProperties properties;
    private final MeterRegistry meters;

    public MerchantPoller(CloverApi api, MerchantStore store, TopicPublisher<CatalogChange> publisher,
            PollAlerts alerts, ManualSyncStore manual, SecretBox secrets, CloverProperties properties,
            MeterRegistry meters) {
        this.api = api;
        this.store = store;
        this.publisher = publisher;
        this.alerts = alerts;
        this.manual = manual;
        this.secrets = secrets;
        this.properties = properties;
        this.meters = meters;
    }

    public PollOutcome poll(ClaimedMerchant m, String replica) {
        String correlationId = m.requestedAt() != null && m.requestedCorrelationId() != null
                ? m.requestedCorrelationId() : Correlation.newId();
        MDC.put(Correlation.MDC_KEY, correlationId);
        Timer.Sample sample = Timer.start(meters);
        PollOutcome outcome = PollOutcome.FAILED;
        try {
            outcome = run(m, replica, correlationId);
            return outcome;
        } finally {
            sample.stop(meters.timer("tillsync.clover.poll", "outcome", outcome.name().toLowerCase()));
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    private PollOutcome run(ClaimedMerchant m, String replica, String correlationId) {
        Duration interval = interval(m);
        manual.running(m.connectionId(), m.runStartedAt());
        try {
            CloverTarget target = new CloverTarget(m.baseUrl() == null ? properties.defaultBaseUrl() : m.baseUrl(),
                    m.merchantId(), secrets.decrypt(m.tokenEnc()));
            ChangeSource context = ChangeSource.poll(m.tenant(), m.connectionId(), Provider.CLOVER, correlationId);
            long since = since(m);
            boolean firstPoll = m.lastSyncTime() == null;
            boolean cleanup = !firstPoll && cleanupDue(m);
            // without a cleanup, the last page is recorded in the completing transaction (one round trip less)
            Listing listing = readChanges(m, replica, target, context, since, !cleanup);
            int[] ghostChanges = {0};
            boolean fullReread = cleanup && cleanup(m, target, context, ghostChanges);
            long completing = System.nanoTime();
            if (!store.complete(m, replica, listing.unrecorded(), firstPoll || cleanup, fullReread, interval)
                    .blockOptional().orElse(false)) {
                throw new LeaseLostException(m.connectionId());
            }
            if (!listing.unrecorded().isEmpty()) {
                pagePhase("record", System.nanoTime() - completing);
            }
            manual.done(m.connectionId(), m.runStartedAt(), listing.items(), listing.changes() + ghostChanges[0]);
            meters.counter("tillsync.clover.items").increment(listing.items());
            log.info("polled clover merchant {} of tenant {}: {} item(s) modified since {}{}", m.merchantId(),
                    m.tenant(), listing.items(), Instant.ofEpochMilli(since), cleanup ? " (with ghost cleanup)" : "");
            return PollOutcome.COMPLETED;
        } catch (LeaseLostException e) {
            log.warn("clover merchant {} of tenant {}: {}; another replica polls it now", m.merchantId(), m.tenant(),
                    e.getMessage());
            return PollOutcome.LEASE_LOST;
        } catch (RuntimeException e) {
            if (e instanceof PlatformCallException call && call.unauthorized()) {
                return tokenInvalid(m, replica, correlationId, interval, call);
            }
            if (Thread.currentThread().isInterrupted()) {
                Thread.interrupted();
                store.release(m, replica).onErrorResume(x -> reactor.core.publisher.Mono.empty()).block();
                Thread.currentThread().interrupt();
                return PollOutcome.INTERRUPTED;
            }
            return failed(m, replica, correlationId, interval, e);
        }
    }

    /**
     * What the listing read: its item count, the changes it published, and the last page's items when they are
     * still to be recorded.
     */
    private record Listing(int items, int changes, List<MappedItem> unrecorded) {
    }

    /**
     * Reads and publishes every page, recording each once Kafka acknowledged it; the last page is left to the caller
     * when {@code deferLast}.
     */
    private Listing readChanges(ClaimedMerchant m, String replica, CloverTarget target, ChangeSource context,
            long since, boolean deferLast) {
        int offset = 0;
        int items = 0;
        int published = 0;
        while (true) {
            long t0 = System.nanoTime();
            List<JsonNode> page = api.items(target, since, offset, properties.pageSize());
            long t1 = System.nanoTime();
            List<MappedItem> polled = new ArrayList<>(page.size());
            List<CatalogChange> changes = new ArrayList<>(page.size() * 3);
            for (JsonNode item : page) {
                MappedItem p = CloverItemMapper.map(context, item, null, m.runStartedAt());
                polled.add(p);
                changes.addAll(p.changes());
            }
            publish(changes);
            published += changes.size();
            long t2 = System.nanoTime();
            offset += page.size();
            items += page.size();
            boolean last = page.size() < properties.pageSize();
            pagePhase("fetch", t1 - t0);
            pagePhase("publish", t2 - t1);
            if (last && deferLast) {
                return new Listing(items, published, polled);
            }
            store.pagePublished(m, replica, offset, polled, properties.leaseTtl()).block();
            pagePhase("record", System.nanoTime() - t2);
            if (last) {
                return new Listing(items, published, List.of());
            }
        }
    }

    /**
     * Publishes changes to {@code catalog.changes} as sync-service's webhook path does (key {@code tenant:itemId},
     * correlation id header, in the order given so order per item holds) and returns only when the broker acknowledged
     * every record: the poll state moves after that, never before. Throws when any was not acknowledged in time.
     */
    private void publish(List<CatalogChange> changes) {
        try {
            publisher.sendAll(changes, c -> c.getTenant() + ":" + c.getItemId(), CatalogChange::getCorrelationId)
                    .block(properties.requestTimeout());
        } catch (RuntimeException e) {
            throw new IllegalStateException("catalog.changes did not acknowledge the page: " + e.getMessage(), e);
        }
    }

    /** Where a page's time goes: waiting for Clover (rate limits included), for Kafka's acks, for Postgres. */
    private void pagePhase(String phase, long nanos) {
        meters.timer("tillsync.clover.page", "phase", phase).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Lists every item id, publishes a delete for each live item we hold that Clover no longer lists, and answers
     * whether Clover lists ids we never saw (an offset listing can skip an item when others vanish mid-poll): then
     * the next poll reads everything again.
     */
    private boolean cleanup(ClaimedMerchant m, CloverTarget target, ChangeSource context, int[] published) {
        Set<String> listed = new HashSet<>();
        for (int offset = 0; ; offset += properties.idPageSize()) {
            List<String> ids = api.itemIds(target, offset, properties.idPageSize());
            listed.addAll(ids);
            if (ids.size() < properties.idPageSize()) {
                break;
            }
        }
        Map<String, Boolean> held = store.heldItems(m.connectionId()).blockOptional().orElse(Map.of());
        List<String> ghosts = new ArrayList<>();
        held.forEach((id, deleted) -> {
            if (!deleted && !listed.contains(id)) {
                ghosts.add(id);
            }
        });
        ghosts.sort(null);
        List<CatalogChange> deletes = new ArrayList<>(ghosts.size());
        for (String id : ghosts) {
            deletes.addAll(CloverItemMapper.deleted(context, id, m.runStartedAt(), "ghost").changes());
        }
        publish(deletes);
        published[0] += deletes.size();
        store.markGhosts(m.connectionId(), ghosts).block();
        long unseen = listed.stream().filter(id -> !held.containsKey(id)).count();
        meters.counter("tillsync.clover.ghosts").increment(ghosts.size());
        if (!ghosts.isEmpty() || unseen > 0) {
            log.info("clover merchant {} ghost cleanup: {} deleted, {} listed item(s) never seen{}", m.merchantId(),
                    ghosts.size(), unseen, unseen > 0 ? " (next poll reads everything again)" : "");
        }
        return unseen > 0;
    }

    private PollOutcome tokenInvalid(ClaimedMerchant m, String replica, String correlationId, Duration interval,
            PlatformCallException e) {
        store.tokenInvalid(m, replica, e.getMessage(), interval).block();
        manual.failed(m.connectionId(), m.runStartedAt(), "token_invalid: " + e.getMessage());
        log.warn("clover merchant {} of tenant {}: token refused ({}); polling stops until the connection {} gets a "
                + "new token", m.merchantId(), m.tenant(), e.status(), m.connectionId());
        alerts.tokenInvalid(m.tenant(), "clover", m.connectionId(), m.merchantId(), m.tokenHash(), e.status(),
                correlationId);
        return PollOutcome.TOKEN_INVALID;
    }

    private PollOutcome failed(ClaimedMerchant m, String replica, String correlationId, Duration interval,
            RuntimeException e) {
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int streak = store.failed(m, replica, error, interval).blockOptional().orElse(0);
        manual.failed(m.connectionId(), m.runStartedAt(), error);
        log.warn("poll of clover merchant {} of tenant {} failed ({} in a row), state kept for a re-read: {}",
                m.merchantId(), m.tenant(), streak, error, e instanceof PlatformCallException ? null : e);
        if (streak == properties.alertAfterFailures()) {
            alerts.pollFailed(m.tenant(), "clover", m.connectionId(), m.merchantId(), streak, error, correlationId);
        }
        return PollOutcome.FAILED;
    }

    /** Where this poll reads from: 0 the first time, else the last sync minus the overlap, or a requested rewind. */
    long since(ClaimedMerchant m) {
        if (m.lastSyncTime() == null) {
            return 0;
        }
        Instant since = m.lastSyncTime().minus(properties.overlap());
        if (m.rewindTo() != null && m.rewindTo().isBefore(since)) {
            since = m.rewindTo();
        }
        return Math.max(0, since.toEpochMilli());
    }

    private boolean cleanupDue(ClaimedMerchant m) {
        if (m.lastCleanupTime() == null) {
            return true;
        }
        boolean nthPoll = properties.cleanupEveryPolls() > 0 && (m.pollCount() + 1) % properties.cleanupEveryPolls() == 0;
        return nthPoll || !m.lastCleanupTime().plus(properties.cleanupInterval()).isAfter(m.runStartedAt());
    }

    private Duration interval(ClaimedMerchant m) {
        if (m.intervalSetting() != null) {
            try {
                long seconds = Long.parseLong(m.intervalSetting().trim());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // fall through to the default
            }
            log.warn("clover connection {}: poll_interval_seconds '{}' is not a positive number; using {}",
                    m.connectionId(), m.intervalSetting(), properties.defaultInterval());
        }
        return properties.defaultInterval();
    }
}
