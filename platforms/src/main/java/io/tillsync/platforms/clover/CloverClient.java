package io.tillsync.platforms.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.PolledCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@link CloverApi} through {@link OutboundHttp} with the merchant's bearer token. The blocking listings (polling)
 * first pass the {@link CloverRateLimiter} on every request, retries included; a 429 is retried after the
 * {@link Backoff} schedule (1, 2, 4, 8 s by default) or after the answer's {@code Retry-After} when it names one
 * (capped), and fails transiently once the schedule is spent. A 401 or 403 fails at once with a
 * {@link PlatformCallException} whose {@code unauthorized()} is true. Answers are read up to the outbound layer's body
 * cap; failure bodies are never read into messages.
 */
public final class CloverClient implements CloverApi {

    /** How the backoff waits; production sleeps the thread, tests record the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Told the outcome of every listing request ({@code ok}, {@code unauthorized}, {@code rate_limited}, ...). */
    @FunctionalInterface
    public interface Listener {
        void answered(String kind, String outcome);
    }

    /**
     * Retries of a request Clover answered 429: waits {@code schedule[i]} before retry i+1, or the answer's
     * {@code Retry-After} (capped at {@code maxRetryAfter}); after the schedule the call fails.
     */
    public record Backoff(List<Duration> schedule, Duration maxRetryAfter) {

        public Backoff {
            schedule = List.copyOf(schedule);
        }

        public static Backoff clover() {
            return new Backoff(CloverPlatform.BACKOFF, Duration.ofSeconds(60));
        }
    }

    private final OutboundHttp http;
    private final CloverRateLimiter limiter;
    private final Duration requestTimeout;
    private final PolledCalls calls;

    public CloverClient(OutboundHttp http, CloverRateLimiter limiter, Backoff backoff, Duration requestTimeout,
            Sleeper sleeper, Listener listener, Clock clock) {
        this.http = http;
        this.limiter = limiter;
        this.requestTimeout = requestTimeout;
        this.calls = new PolledCalls(http, limiter.requestLimiter(),
                new PolledCalls.Backoff(backoff.schedule(), backoff.maxRetryAfter()), sleeper::sleep,
                listener::answered, clock);
    }

    @Override
    public List<JsonNode> items(CloverTarget target, long modifiedSinceMs, int offset, int limit) {
        URI uri = URI.create(merchantUrl(target.baseUrl(), target.merchantId()) + "/items?filter="
                + encode("modifiedTime>=" + modifiedSinceMs) + "&expand=itemStock&limit=" + limit + "&offset=" + offset);
        return elements(get(target, uri, "items", "Clover item listing"), "Clover item listing");
    }

    @Override
    public List<String> itemIds(CloverTarget target, int offset, int limit) {
        URI uri = URI.create(merchantUrl(target.baseUrl(), target.merchantId()) + "/items?fields=id&limit=" + limit
                + "&offset=" + offset);
        List<String> ids = new ArrayList<>();
        for (JsonNode element : elements(get(target, uri, "ids", "Clover item id listing"), "Clover item id listing")) {
            String id = element.path("id").asText(null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public Mono<JsonNode> item(ApiTarget target, String merchantId, String itemId) {
        return Mono.defer(() -> {
            String what = "Clover item fetch";
            OutboundRequest request = OutboundRequest.get(URI.create(merchantUrl(target.baseUrl(), merchantId)
                            + "/items/" + encode(itemId) + "?expand=itemStock"), what)
                    .bearer(target.requireToken(what)).header("Accept", "application/json").timeout(requestTimeout);
            return JsonCalls.send(http, request, true);
        });
    }

    private static String merchantUrl(String baseUrl, String merchantId) {
        return baseUrl + "/v3/merchants/" + encode(merchantId);
    }

    private static List<JsonNode> elements(JsonNode body, String what) {
        if (!body.isObject()) {
            throw new PlatformCallException(what + " answered something other than a JSON object", false, 200);
        }
        JsonNode elements = body.path("elements");
        if (elements.isMissingNode() || elements.isNull()) {
            return List.of();
        }
        if (!elements.isArray()) {
            throw new PlatformCallException(what + " answered elements that are not an array", false, 200);
        }
        List<JsonNode> out = new ArrayList<>(elements.size());
        elements.forEach(out::add);
        return out;
    }

    private JsonNode get(CloverTarget target, URI uri, String kind, String what) {
        OutboundRequest request = OutboundRequest.get(uri, what).bearer(target.token())
                .header("Accept", "application/json").timeout(requestTimeout);
        return JsonCalls.read(calls.send(target.token(), limiter.tokenLimit(), request, kind));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
