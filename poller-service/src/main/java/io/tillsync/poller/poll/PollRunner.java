package io.tillsync.poller.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.http.PlatformCallException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs one poll of one claimed connection with its provider's {@link ConnectionPoller}, and owns what every poll
 * shares: the correlation id (the manual request's when one asked for it), where to read from, when a cleanup is due,
 * the manual-sync status ({@link ManualSyncStore}), completing the state, and failures: 401/403 (a
 * {@link PlatformCallException} that is {@code unauthorized()}) → token marked invalid and a TOKEN_INVALID alert;
 * anything else → state kept for a re-read, POLL_FAILED after n in a row; a lost lease → stop without writing.
 */
@Component
public class PollRunner {

    private static final Logger log = LoggerFactory.getLogger(PollRunner.class);

    /** How one poll of one connection ended. */
    public enum Outcome { COMPLETED, TOKEN_INVALID, FAILED, LEASE_LOST, INTERRUPTED }

    private final Map<String, ConnectionPoller> pollers;
    private final PollStateStore store;
    private final ManualSyncStore manual;
    private final TopicPublisher<CatalogChange> publisher;
    private final PollAlerts alerts;
    private final SecretBox secrets;
    private final PollProperties properties;
    private final MeterRegistry meters;

    public PollRunner(List<ConnectionPoller> pollers, PollStateStore store, ManualSyncStore manual,
            TopicPublisher<CatalogChange> publisher, PollAlerts alerts, SecretBox secrets, PollProperties properties,
            MeterRegistry meters) {
        this.pollers = pollers.stream().collect(Collectors.toMap(p -> p.provider().id(), Function.identity()));
        this.store = store;
        this.manual = manual;
        this.publisher = publisher;
        this.alerts = alerts;
        this.secrets = secrets;
        this.properties = properties;
        this.meters = meters;
    }

    /** The providers this runner polls. */
    public List<String> providers() {
        return pollers.keySet().stream().sorted().toList();
    }

    public Outcome poll(PolledConnection c, String replica) {
        String correlationId = c.requestedAt() != null && c.requestedCorrelationId() != null
                ? c.requestedCorrelationId() : Correlation.newId();
        MDC.put(Correlation.MDC_KEY, correlationId);
        Timer.Sample sample = Timer.start(meters);
        Outcome outcome = Outcome.FAILED;
        try {
            outcome = run(c, replica, correlationId);
            return outcome;
        } finally {
            sample.stop(meters.timer("tillsync.poll", "provider", c.provider(), "outcome",
                    outcome.name().toLowerCase()));
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    private Outcome run(PolledConnection c, String replica, String correlationId) {
        ConnectionPoller poller = pollers.get(c.provider());
        Duration interval = interval(c, poller);
        manual.running(c.connectionId(), c.runStartedAt());
        try {
            boolean cleanupDue = c.lastSyncTime() != null && cleanupDue(c);
            Instant since = c.lastSyncTime() == null || cleanupDue ? null : since(c);
            ApiTarget target = new ApiTarget(baseUrl(c), secrets.decrypt(c.tokenEnc()));
            ChangeSource source = ChangeSource.poll(c.tenant(), c.connectionId(),
                    Provider.of(c.provider()).orElseThrow(), correlationId);
            PollRun run = new PollRun(c, target, source, since, cleanupDue, store, publisher, replica,
                    properties.leaseTtl(), properties.requestTimeout());
            ConnectionPoller.Result result = poller.poll(run);
            if (!store.complete(c, replica, result.cursor(), result.cleaned() || c.lastSyncTime() == null, interval)) {
                throw new LeaseLostException(c.connectionId());
            }
            manual.done(c.connectionId(), c.runStartedAt(), run.itemsSeen(), run.changesPublished());
            meters.counter("tillsync.poll.items", "provider", c.provider()).increment(run.itemsSeen());
            log.info("polled {} connection {} of tenant {}: {} item(s) read, {} change(s) published{}", c.provider(),
                    c.connectionId(), c.tenant(), run.itemsSeen(), run.changesPublished(),
                    since == null ? " (full listing)" : " since " + since);
            return Outcome.COMPLETED;
        } catch (LeaseLostException e) {
            log.warn("{} connection {}: {}; another replica polls it now", c.provider(), c.connectionId(), e.getMessage());
            return Outcome.LEASE_LOST;
        } catch (RuntimeException e) {
            if (e instanceof PlatformCallException call && call.unauthorized()) {
                store.tokenInvalid(c, replica, e.getMessage(), interval);
                manual.failed(c.connectionId(), c.runStartedAt(), "token_invalid: " + e.getMessage());
                log.warn("{} connection {} of tenant {}: token refused ({}); polling stops until it gets a new token",
                        c.provider(), c.connectionId(), c.tenant(), call.status());
                alerts.tokenInvalid(c.tenant(), c.provider(), c.connectionId(), c.account(), c.tokenHash(),
                        call.status(), correlationId);
                return Outcome.TOKEN_INVALID;
            }
            if (Thread.currentThread().isInterrupted()) {
                Thread.interrupted();
                try {
                    store.release(c, replica);
                } catch (RuntimeException ignored) {
                    // the lease expires on its own
                }
                Thread.currentThread().interrupt();
                return Outcome.INTERRUPTED;
            }
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int streak = store.failed(c, replica, error, interval);
            manual.failed(c.connectionId(), c.runStartedAt(), error);
            log.warn("poll of {} connection {} of tenant {} failed ({} in a row), state kept for a re-read: {}",
                    c.provider(), c.connectionId(), c.tenant(), streak, error,
                    e instanceof PlatformCallException ? null : e);
            if (streak == properties.alertAfterFailures()) {
                alerts.pollFailed(c.tenant(), c.provider(), c.connectionId(), c.account(), streak, error, correlationId);
            }
            return Outcome.FAILED;
        }
    }

    private String baseUrl(PolledConnection c) {
        if (c.baseUrl() != null && !c.baseUrl().isBlank()) {
            return c.baseUrl();
        }
        return switch (c.provider()) {
            case "toast" -> properties.toast().defaultBaseUrl();
            case "square" -> properties.square().defaultBaseUrl();
            // a shop's Admin API lives on its own host: the account is the shop's myshopify domain
            case "shopify" -> c.account() == null ? null : "https://" + c.account();
            default -> null;
        };
    }

    /** Where an incremental poll reads from: the last sync minus the overlap, or an earlier requested rewind. */
    private Instant since(PolledConnection c) {
        Instant since = c.lastSyncTime().minus(properties.overlap());
        if (c.rewindTo() != null && c.rewindTo().isBefore(since)) {
            since = c.rewindTo();
        }
        return since.isBefore(Instant.EPOCH) ? Instant.EPOCH : since;
    }

    private boolean cleanupDue(PolledConnection c) {
        if (c.lastCleanupTime() == null) {
            return true;
        }
        boolean nthPoll = properties.cleanupEveryPolls() > 0
                && (c.pollCount() + 1) % properties.cleanupEveryPolls() == 0;
        return nthPoll || !c.lastCleanupTime().plus(properties.cleanupInterval()).isAfter(c.runStartedAt());
    }

    private Duration interval(PolledConnection c, ConnectionPoller poller) {
        if (c.intervalSetting() != null) {
            try {
                long seconds = Long.parseLong(c.intervalSetting().trim());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // fall through to the default
            }
            log.warn("{} connection {}: poll_interval_seconds '{}' is not a positive number; using {}", c.provider(),
                    c.connectionId(), c.intervalSetting(), poller.defaultInterval());
        }
        return poller.defaultInterval();
    }
}
