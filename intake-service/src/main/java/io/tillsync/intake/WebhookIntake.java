package io.tillsync.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.tracing.TraceContext;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.intake.ConnectionDirectory.StoreUnavailableException;
import io.tillsync.intake.config.IntakeProperties;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.kit.Ids;
import io.tillsync.kit.logging.LogText;
import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.web.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The webhook gateway: finds the connection an intake URL names, reads the raw body (bounded), verifies it with the
 * provider's adapter before anything parses it, applies the per-connection rate limit, and publishes an
 * {@link InboundWebhook}; the result is "accepted" only once the broker has acknowledged the record. Every refusal is
 * an {@link ApiException} with a stable code, counted by provider and outcome.
 */
@Service
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final byte[] NO_BYTES = new byte[0];
    private static final Duration VERIFICATION_INTERVAL = Duration.ofMinutes(1);

    private final Map<String, WebhookAdapter> adapters;
    private final ConnectionDirectory connections;
    private final ConnectionRateLimiter rateLimiter;
    private final TopicPublisher<InboundWebhook> publisher;
    private final IntakeMetrics metrics;
    private final IntakeProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    /** Connections that had a verification call in the last minute (per replica). */
    private final Cache<String, Instant> verificationCalls;

    public WebhookIntake(List<WebhookAdapter> adapters, ConnectionDirectory connections, ConnectionRateLimiter rateLimiter,
            TopicPublisher<InboundWebhook> publisher, IntakeMetrics metrics, IntakeProperties properties, ObjectMapper json,
            Clock clock) {
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(a -> a.provider().id(), Function.identity()));
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.verificationCalls = Caffeine.newBuilder().expireAfterWrite(VERIFICATION_INTERVAL).maximumSize(100_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** The outcome of a request that was not refused. */
    public sealed interface Result {
        /** Published and acknowledged by the broker; answered with {@code status} (the provider's success status). */
        record Accepted(String id, int status) implements Result { }

        /** Clover's set-up call: answered 200, code logged (escaped, truncated) and published for its connection. */
        record CloverVerification() implements Result { }
    }

    /**
     * Answers one webhook request. The common case (a cached connection, a verified body, a broker that keeps up) runs
     * through a dozen operators: each one costs every request a subscription and its signals, a measurable part of
     * intake's CPU at thousands of requests a second (bench/intake). The record continues {@code trace} (null: the
     * current span, if any).
     */
    public Mono<Result> receive(ConnectionRef ref, HttpHeaders headers, Flux<DataBuffer> body, String correlationId,
            TraceContext trace) {
        WebhookAdapter adapter = adapters.get(ref.provider());
        String providerTag = adapter == null ? "unknown" : adapter.provider().id();
        Mono<Result> result;
        try {
            if (adapter == null) {
                throw new ApiException(HttpStatus.NOT_FOUND, "unknown_provider", "unknown provider");
            }
            checkLengthAndType(headers);
            // the handler always emits, so "empty" can only mean the connection was not found
            result = connections.resolve(ref)
                    .flatMap(connection -> DataBufferUtils.join(body, properties.maxBodyBytes())
                            .map(WebhookIntake::bytes)
                            .defaultIfEmpty(NO_BYTES)
                            .flatMap(bytes -> handle(adapter, connection, headers, bytes, correlationId, trace)))
                    .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown_connection",
                            "no active " + ref.provider() + " connection at this URL")))
                    .onErrorMap(e -> e instanceof DataBufferLimitException || e instanceof StoreUnavailableException,
                            this::refusal);
        } catch (ApiException e) {
            result = Mono.error(e);
        }
        return result.doOnEach(signal -> {
            if (signal.isOnNext()) {
                metrics.request(providerTag, signal.get() instanceof Result.Accepted ? "accepted" : "verification_code");
            } else if (signal.isOnError()) {
                metrics.request(providerTag, signal.getThrowable() instanceof ApiException api ? api.code() : "internal_error");
            }
        });
    }

    private ApiException refusal(Throwable e) {
        if (e instanceof DataBufferLimitException) {
            return tooLarge();
        }
        log.warn("{}", e.getMessage());
        return unavailable("connection_store_unavailable", "connections cannot be read right now; retry later");
    }

    private void checkLengthAndType(HttpHeaders headers) {
        if (headers.getContentLength() > properties.maxBodyBytes()) {
            throw tooLarge();
        }
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (!isJson(type)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "webhooks are accepted as application/json");
        }
    }

    /**
     * Exactly JSON: {@code application/json} or {@code application/<anything>+json}, parameters allowed; wildcards
     * ({@code *}{@code /*}, {@code application/*}) are a client's "anything", not a JSON body.
     */
    static boolean isJson(MediaType type) {
        if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return "application".equalsIgnoreCase(type.getType())
                && ("json".equals(subtype) || (subtype.endsWith("+json") && subtype.length() > "+json".length()));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private Mono<Result> handle(WebhookAdapter adapter, IntakeConnection connection, HttpHeaders headers, byte[] body,
            String correlationId, TraceContext trace) {
        WebhookAdapter.Headers first = headers::getFirst;
        var code = adapter.verificationCode(first, body);
        Instant now = clock.instant();
        if (code.isPresent()) {
            return verificationCode(adapter, connection, headers, body, code.get(), correlationId, trace, now);
        }
        Verification verification = adapter.verify(first, body, connection.secretsAt(now),
                connection.notificationUrl(), now);
        if (!verification.isValid()) {
            metrics.verificationFailure(adapter.provider().id());
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED,
                    verification.outcome() == Verification.Outcome.MISSING ? "missing_signature" : "invalid_signature",
                    verification.reason()));
        }
        WebhookIdentity identity = identify(adapter, first, body);
        Duration wait = rateLimiter.acquire(connection.id());
        if (!wait.isZero()) {
            return Mono.error(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "over " + properties.rateLimitPerMinute() + " webhooks a minute for this connection",
                    retryAfter(wait)));
        }
        return publish(adapter, connection, headers, body, identity, correlationId, trace, now)
                .map(id -> (Result) new Result.Accepted(id, adapter.acknowledgedStatus()));
    }

    /**
     * Clover's unsigned set-up call. Anyone can send one, so it is taken at most once per connection and minute
     * (429 otherwise, before anything is logged); the code is logged escaped and cut to
     * {@link CloverPlatform#MAX_VERIFICATION_CODE} characters, and published so sync-service keeps it on the
     * connection, where the operator reads it ({@code GET .../connections/{id}}).
     */
    private Mono<Result> verificationCode(WebhookAdapter adapter, IntakeConnection connection, HttpHeaders headers,
            byte[] body, String code, String correlationId, TraceContext trace, Instant now) {
        if (verificationCalls.asMap().putIfAbsent(connection.id(), now) != null) {
            return Mono.error(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "one verification call a minute per connection", retryAfter(VERIFICATION_INTERVAL)));
        }
        // The operator pastes this code into the platform's dashboard to finish registering the URL.
        log.info("Verification code for {} connection {} (tenant {}): {}", adapter.provider().id(), connection.id(),
                connection.tenant(), LogText.escape(code, CloverPlatform.MAX_VERIFICATION_CODE));
        WebhookIdentity identity = new WebhookIdentity(CloverPlatform.VERIFICATION_EVENT_TYPE,
                CloverPlatform.VERIFICATION_EVENT_TYPE + ":" + Ids.randomUuid());
        return publish(adapter, connection, headers, body, identity, correlationId, trace, now)
                .thenReturn(new Result.CloverVerification());
    }

    private Mono<String> publish(WebhookAdapter adapter, IntakeConnection connection, HttpHeaders headers, byte[] body,
            WebhookIdentity identity, String correlationId, TraceContext trace, Instant now) {
        InboundWebhook record = InboundWebhook.newBuilder()
                .setId(Ids.randomUuid())
                .setTenant(connection.tenant())
                .setConnectionId(connection.id())
                .setProvider(adapter.provider().id())
                .setEventType(identity.eventType())
                .setExternalEventId(identity.externalEventId())
                .setReceivedAt(now)
                .setHeaders(kept(adapter, headers))
                .setContentType(headers.getFirst(HttpHeaders.CONTENT_TYPE))
                .setBody(ByteBuffer.wrap(body))
                .setCorrelationId(correlationId)
                .build();
        long start = System.nanoTime();
        return publisher.sendForResult(connection.id(), record, correlationId, trace)
                .map(sent -> {
                    metrics.published(Duration.ofNanos(System.nanoTime() - start));
                    return record.getId();
                })
                .onErrorMap(e -> {
                    log.warn("Kafka did not acknowledge webhook {} of connection {}: {}", record.getId(),
                            connection.id(), e.toString());
                    return unavailable("kafka_unavailable", "the webhook could not be stored; retry later");
                });
    }

    private WebhookIdentity identify(WebhookAdapter adapter, WebhookAdapter.Headers headers, byte[] body) {
        JsonNode tree = null;
        try {
            if (adapter.identifiesFromHeaders()) {
                requireObject(body);
            } else {
                tree = json.readTree(body);
                if (tree == null || !tree.isObject()) {
                    throw ApiException.badRequest("malformed_body", "the body is not a JSON object");
                }
            }
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_body", "the body is not valid JSON");
        }
        try {
            return adapter.identify(headers, tree, body);
        } catch (PlatformDataException e) {
            throw ApiException.badRequest("malformed_body", e.getMessage());
        }
    }

    /** Checks that the body is one well-formed JSON object, token by token, without building a tree of it. */
    private void requireObject(byte[] body) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("malformed_body", "the body is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("malformed_body", "the body is not valid JSON");
            }
        }
    }

    private static Map<String, String> kept(WebhookAdapter adapter, HttpHeaders headers) {
        Map<String, String> kept = new HashMap<>();
        for (String name : adapter.keptHeaders()) {
            String value = headers.getFirst(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                "webhook bodies are limited to " + properties.maxBodyBytes() + " bytes");
    }

    private ApiException unavailable(String code, String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, message, retryAfter(properties.retryAfter()));
    }

    private static HttpHeaders retryAfter(Duration wait) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
        return h;
    }
}
