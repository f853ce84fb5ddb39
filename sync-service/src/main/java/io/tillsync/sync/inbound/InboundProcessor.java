package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.CatalogWebhookMapper;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.WebhookEvent;
import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.platforms.shopify.ShopifyPlatform;
import io.tillsync.platforms.square.SquarePlatform;
import io.tillsync.platforms.toast.ToastPlatform;
import io.tillsync.platforms.tripleseat.TripleSeatPlatform;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionStore;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.tillsync.kit.logging.LogText;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a polled batch of verified webhooks into effects: each webhook gets its audit row (the whole batch with one
 * statement; duplicates recorded as such and stopped there), is routed to its provider's {@link CatalogWebhookMapper} and
 * to every {@link InboundHandler} that supports it, and — in the batch's order — its catalog changes are published
 * to {@code catalog.changes}; only then are audit rows marked processed (one statement) and the processing latency
 * (received → processed) recorded as {@code tillsync.sync.webhook.processing.latency}. A crash between publish and
 * mark reprocesses the webhook, which yields the same change ids (see {@link io.tillsync.platforms.ChangeSource}), so consumers
 * deduplicate.
 */
@Component
public class InboundProcessor {

    static final String LATENCY_METRIC = "tillsync.sync.webhook.processing.latency";
    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);
    private static final Map<String, String> SIGNATURE_HEADERS = Map.of(
            "shopify", lower(ShopifyPlatform.SIGNATURE_HEADER), "square", lower(SquarePlatform.SIGNATURE_HEADER),
            "toast", lower(ToastPlatform.SIGNATURE_HEADER), "tripleseat", lower(TripleSeatPlatform.SIGNATURE_HEADER),
            "standard", "webhook-signature", "clover", "clover-signature");
    private static final Map<String, String> DEFAULT_API_BASE_URLS = Map.of(
            "square", SquarePlatform.DEFAULT_BASE_URL, "clover", CloverPlatform.DEFAULT_BASE_URL,
            "toast", ToastPlatform.DEFAULT_BASE_URL);

    private final WebhookAuditStore audit;
    private final ConnectionStore connections;
    private final Map<String, CatalogWebhookMapper> parsers;
    private final ObjectProvider<InboundHandler> handlers;
    private final TopicPublisher<CatalogChange> catalogChanges;
    private final SecretBox secrets;
    private final MeterRegistry meters;
    private final InboundProperties properties;
    private final Clock clock;
    private final Map<String, Timer> latencyTimers = new ConcurrentHashMap<>();
    private volatile List<InboundHandler> orderedHandlers;

    public InboundProcessor(WebhookAuditStore audit, ConnectionStore connections, List<CatalogWebhookMapper> parsers,
            ObjectProvider<InboundHandler> handlers, TopicPublishers publishers, SecretBox secrets,
            MeterRegistry meters, InboundProperties properties, ObjectProvider<Clock> clock) {
        this.audit = audit;
        this.connections = connections;
        this.parsers = parsers.stream().collect(Collectors.toMap(p -> p.provider().id(), Function.identity()));
        this.handlers = handlers;
        this.catalogChanges = publishers.forTopic(Topics.CATALOG_CHANGES);
        this.secrets = secrets;
        this.meters = meters;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /**
     * How a batch ended: every webhook before {@code failedIndex} is durable (published and audited);
     * {@code failedIndex} is -1 when all are, else the first one that must be retried, with its {@code failure}.
     */
    public record BatchResult(int failedIndex, Throwable failure) {
    }

    public Mono<BatchResult> process(List<InboundWebhook> webhooks) {
        if (webhooks.isEmpty()) {
            return Mono.just(new BatchResult(-1, null));
        }
        List<String> ids = webhooks.stream().map(InboundWebhook::getConnectionId).distinct().toList();
        List<String> signatures = webhooks.stream().map(InboundProcessor::signature).toList();
        return connections.findAll(ids).collectMap(Connection::id)
                .flatMap(byId -> {
                    Set<Integer> mismatched = takeConnectionsTenant(webhooks, byId);
                    return audit.beginAll(webhooks, signatures, clock.instant())
                            .flatMap(begun -> Flux.range(0, webhooks.size())
                                    .flatMapSequential(i -> mismatched.contains(i)
                                            ? Mono.just(mismatch(i, webhooks.get(i), begun.get(i)))
                                            : prepare(i, webhooks.get(i), begun.get(i), byId),
                                            Math.max(1, properties.parallelism()))
                                    .collectList());
                })
                .flatMap(this::complete);
    }

    /**
     * The tenant of a webhook is its connection's, never the one written on the record: a record whose tenant
     * differs (a producer other than intake, or a bug) gets its connection's tenant before anything is stored, so its
     * audit row and every effect land with the connection's owner; its index is returned so it is audited as
     * {@code failed} and has no effect.
     */
    private static Set<Integer> takeConnectionsTenant(List<InboundWebhook> webhooks, Map<String, Connection> byId) {
        Set<Integer> mismatched = new HashSet<>();
        for (int i = 0; i < webhooks.size(); i++) {
            InboundWebhook w = webhooks.get(i);
            Connection connection = byId.get(w.getConnectionId());
            if (connection != null && !connection.tenant().equals(w.getTenant())) {
                log.warn("Webhook {} of connection {} names tenant {} but the connection belongs to {}", w.getId(),
                        connection.id(), LogText.escape(w.getTenant(), 100), connection.tenant());
                w.setTenant(connection.tenant());
                mismatched.add(i);
            }
        }
        return mismatched;
    }

    private static InboundOutcome mismatch(int index, InboundWebhook w, WebhookAuditStore.Begun begun) {
        return switch (begun.start()) {
            case DUPLICATE -> InboundOutcome.of(index, begun.entry(), InboundOutcome.Kind.DUPLICATE);
            case DONE -> InboundOutcome.of(index, begun.entry(), InboundOutcome.Kind.DONE);
            case NEW, RETRY -> InboundOutcome.failed(index, begun.entry(), InboundOutcome.Kind.FAILED,
                    "the record's tenant is not its connection's tenant; not processed", null);
        };
    }

    private static String lower(String header) {
        return header.toLowerCase(Locale.ROOT);
    }

    private static String signature(InboundWebhook w) {
        return "clover".equals(w.getProvider()) && w.getHeaders().containsKey(lower(CloverPlatform.AUTH_HEADER))
                ? "redacted (static auth code)" : w.getHeaders().get(SIGNATURE_HEADERS.getOrDefault(w.getProvider(), ""));
    }

    private Mono<InboundOutcome> prepare(int index, InboundWebhook w, WebhookAuditStore.Begun begun,
            Map<String, Connection> byId) {
        return switch (begun.start()) {
            case DUPLICATE -> Mono.just(InboundOutcome.of(index, begun.entry(), InboundOutcome.Kind.DUPLICATE));
            case DONE -> Mono.just(InboundOutcome.of(index, begun.entry(), InboundOutcome.Kind.DONE));
            case NEW, RETRY -> handle(index, w, begun.entry(), byId.get(w.getConnectionId()));
        };
    }

    private Mono<InboundOutcome> handle(int index, InboundWebhook w, AuditEntry entry, Connection connection) {
        if (connection == null) {
            return Mono.just(InboundOutcome.failed(index, entry, InboundOutcome.Kind.FAILED,
                    "unknown connection " + w.getConnectionId(), null));
        }
        if (!connection.active()) {
            return Mono.just(InboundOutcome.failed(index, entry, InboundOutcome.Kind.IGNORED, "connection disabled", null));
        }
        try {
            List<InboundHandler> supporting = handlers().stream().filter(h -> h.supports(w)).toList();
            JsonNode body = null;
            String bodyError = null;
            try {
                body = PlatformJson.object(bytes(w.getBody()), "body");
            } catch (PlatformDataException e) {
                bodyError = e.getMessage();
            }
            CatalogWebhookMapper parser = parsers.get(w.getProvider());
            WebhookEvent event = body == null ? null : WebhookEvent.of(w, body, connection.account());
            boolean catalog = parser != null && event != null && parser.supports(event);
            if (!catalog && supporting.isEmpty()) {
                String error = bodyError != null ? bodyError
                        : "unknown " + w.getProvider() + " event " + w.getEventType() + ": no parser or handler for it";
                return Mono.just(InboundOutcome.failed(index, entry, InboundOutcome.Kind.FAILED, error, null));
            }
            boolean realtime = connection.rules().realtimeSyncEnabled();
            if (supporting.isEmpty() && !realtime) {
                return Mono.just(InboundOutcome.failed(index, entry, InboundOutcome.Kind.IGNORED,
                        "realtime sync disabled for this connection", null));
            }
            Mono<List<CatalogChange>> changes = catalog && realtime ? parser.changes(event, apiTarget(connection))
                    : Mono.just(List.of());
            Mono<Void> handled = Flux.fromIterable(supporting).concatMap(h -> Mono.defer(() -> h.handle(w, entry))).then();
            return changes.flatMap(list -> handled.thenReturn(InboundOutcome.processed(index, entry, list)))
                    .onErrorResume(e -> Mono.just(classify(index, entry, e)));
        } catch (RuntimeException e) {
            return Mono.just(classify(index, entry, e));
        }
    }

    private static InboundOutcome classify(int index, AuditEntry entry, Throwable e) {
        if (e instanceof UnprocessableEventException || e instanceof PlatformDataException
                || (e instanceof PlatformCallException call && !call.transientFailure())) {
            return InboundOutcome.failed(index, entry, InboundOutcome.Kind.FAILED, e.getMessage(), e);
        }
        return InboundOutcome.failed(index, entry, InboundOutcome.Kind.RETRY,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }

    /** The handlers, resolved on first use instead of per webhook. */
    private List<InboundHandler> handlers() {
        List<InboundHandler> resolved = orderedHandlers;
        if (resolved == null) {
            resolved = handlers.orderedStream().toList();
            orderedHandlers = resolved;
        }
        return resolved;
    }

    /** Where the connection's API is, as whom; null when it has no location (a fetch then fails permanently). */
    private ApiTarget apiTarget(Connection c) {
        String base = c.apiBaseUrl() != null ? c.apiBaseUrl() : DEFAULT_API_BASE_URLS.get(c.provider());
        if (base == null || base.isBlank()) {
            return null;
        }
        try {
            return new ApiTarget(base, secrets.decrypt(c.apiTokenEnc()));
        } catch (RuntimeException e) {
            log.warn("API token of connection {} cannot be decrypted; fetches for it will fail", c.id());
            return new ApiTarget(base, null);
        }
    }

    private Mono<BatchResult> complete(List<InboundOutcome> outcomes) {
        int failAt = outcomes.stream().filter(o -> o.kind() == InboundOutcome.Kind.RETRY).mapToInt(InboundOutcome::index)
                .min().orElse(outcomes.size());
        List<InboundOutcome> done = outcomes.subList(0, failAt);
        List<CatalogChange> changes = done.stream().flatMap(o -> o.changes().stream()).toList();
        Instant now = clock.instant();
        Mono<BatchResult> result = Mono.just(new BatchResult(-1, null));
        if (failAt < outcomes.size()) {
            InboundOutcome failed = outcomes.get(failAt);
            log.warn("Webhook {} failed transiently and will be retried: {}", failed.entry().id(),
                    LogText.escape(failed.error(), 1000));
            result = audit.retrying(failed.entry().id(), failed.error()).onErrorResume(e -> Mono.empty())
                    .thenReturn(new BatchResult(failAt, failed.cause()));
        }
        List<WebhookAuditStore.Finish> finishes = done.stream().map(InboundProcessor::finish)
                .filter(Objects::nonNull).toList();
        return catalogChanges.sendAll(changes, c -> c.getTenant() + ":" + c.getItemId(), CatalogChange::getCorrelationId)
                .then(audit.finishAll(finishes, now))
                .then(Mono.fromRunnable(() -> {
                    done.forEach(o -> record(o, now));
                    summarize(done, now);
                }))
                .then(result);
    }

    private static WebhookAuditStore.Finish finish(InboundOutcome o) {
        return switch (o.kind()) {
            case PROCESSED -> new WebhookAuditStore.Finish(o.entry().id(), AuditStatus.PROCESSED, null, o.changes().size());
            case IGNORED -> new WebhookAuditStore.Finish(o.entry().id(), AuditStatus.IGNORED, o.error(), 0);
            case FAILED -> new WebhookAuditStore.Finish(o.entry().id(), AuditStatus.FAILED, o.error(), 0);
            case DUPLICATE, DONE, RETRY -> null;
        };
    }

    private void record(InboundOutcome o, Instant now) {
        if (o.kind() == InboundOutcome.Kind.DONE) {
            return;
        }
        Duration latency = latency(o.entry(), now);
        latencyTimers.computeIfAbsent(o.entry().provider() + '/' + o.kind(), k -> Timer.builder(LATENCY_METRIC)
                .description("Webhook received by intake until processed by sync-service")
                .tag("provider", o.entry().provider()).tag("outcome", o.kind().name().toLowerCase())
                .publishPercentileHistogram().register(meters)).record(latency);
        if (o.kind() == InboundOutcome.Kind.FAILED) {
            log.warn("Webhook {} ({} {}) failed: {}", o.entry().id(), o.entry().provider(),
                    LogText.escape(o.entry().eventType(), 200), LogText.escape(o.error(), 1000));
        } else if (log.isDebugEnabled()) {
            log.debug("Webhook {} ({} {}) {} in {} ms with {} changes", o.entry().id(), o.entry().provider(),
                    LogText.escape(o.entry().eventType(), 200), o.kind(), latency.toMillis(), o.changes().size());
        }
    }

    private static void summarize(List<InboundOutcome> done, Instant now) {
        if (done.isEmpty() || !log.isInfoEnabled()) {
            return;
        }
        Map<InboundOutcome.Kind, Integer> counts = new EnumMap<>(InboundOutcome.Kind.class);
        long maxMs = 0;
        for (InboundOutcome o : done) {
            counts.merge(o.kind(), 1, Integer::sum);
            if (o.kind() != InboundOutcome.Kind.DONE) {
                maxMs = Math.max(maxMs, latency(o.entry(), now).toMillis());
            }
        }
        log.info("Inbound webhooks handled: {} {}, processing latency max {} ms", done.size(), counts, maxMs);
    }

    private static Duration latency(AuditEntry entry, Instant now) {
        Duration d = Duration.between(entry.receivedAt(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static byte[] bytes(ByteBuffer body) {
        ByteBuffer copy = body.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
