package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CloverApi} over HTTP with the merchant's bearer token. Every request (retries included) first passes the
 * {@link CloverRateLimiter}; a 429 is retried after the backoff schedule (1, 2, 4, 8 s by default) or after the
 * answer's {@code Retry-After} when it names one; a 401 is a {@link CloverTokenInvalidException} at once. Response
 * bodies of failures are not logged (they may echo credentials).
 */
public class CloverHttpApi implements CloverApi {

    /** How the backoff waits; tests and the production code both use the real one. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final CloverRateLimiter limiter;
    private final CloverProperties.Backoff backoff;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final MeterRegistry meters;
    private final Clock clock;

    public CloverHttpApi(HttpClient http, CloverRateLimiter limiter, CloverProperties.Backoff backoff,
            Duration requestTimeout, Sleeper sleeper, MeterRegistry meters, Clock clock) {
        this.http = http;
        this.limiter = limiter;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public List<JsonNode> items(CloverTarget target, long modifiedSinceMs, int offset, int limit) {
        URI uri = URI.create(merchantUrl(target) + "/items?filter=" + encode("modifiedTime>=" + modifiedSinceMs)
                + "&expand=itemStock&limit=" + limit + "&offset=" + offset);
        return elements(get(target, uri, "items"), "Clover item listing");
    }

    @Override
    public List<String> itemIds(CloverTarget target, int offset, int limit) {
        URI uri = URI.create(merchantUrl(target) + "/items?fields=id&limit=" + limit + "&offset=" + offset);
        List<String> ids = new ArrayList<>();
        for (JsonNode element : elements(get(target, uri, "ids"), "Clover item id listing")) {
            String id = element.path("id").asText(null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String merchantUrl(CloverTarget target) {
        return target.baseUrl() + "/v3/merchants/" + encode(target.merchantId());
    }

    private static List<JsonNode> elements(JsonNode body, String what) {
        JsonNode elements = body.path("elements");
        if (elements.isMissingNode() || elements.isNull()) {
            return List.of();
        }
        if (!elements.isArray()) {
            throw new CloverApiException(what + " answered elements that are not an array", 200, null);
        }
        List<JsonNode> out = new ArrayList<>(elements.size());
        elements.forEach(out::add);
        return out;
    }

    private JsonNode get(CloverTarget target, URI uri, String kind) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Authorization", "Bearer " + target.token()).header("Accept", "application/json").GET().build();
        String what = "Clover " + kind + " listing of merchant " + target.merchantId();
        for (int retry = 0; ; retry++) {
            HttpResponse<byte[]> response = send(target, request, what);
            int status = response.statusCode();
            if (status == 200) {
                count(kind, "ok");
                return CloverJson.read(response.body(), what);
            }
            if (status == 401) {
                count(kind, "unauthorized");
                throw new CloverTokenInvalidException(what + " answered 401: the merchant's token is not valid");
            }
            if (status == 429) {
                count(kind, "rate_limited");
                if (retry >= backoff.schedule().size()) {
                    throw new CloverApiException(what + " still answered 429 after " + retry + " retries", 429, null);
                }
                Duration wait = retryAfter(response).orElse(backoff.schedule().get(retry));
                pause(wait, what);
                continue;
            }
            count(kind, "error");
            throw new CloverApiException(what + " answered " + status, status, null);
        }
    }

    private HttpResponse<byte[]> send(CloverTarget target, HttpRequest request, String what) {
        try (CloverRateLimiter.Permit permit = limiter.acquire(target.token())) {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            count("any", "transport");
            throw new CloverApiException(what + " failed: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloverApiException(what + " interrupted", 0, e);
        }
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloverApiException(what + " interrupted during 429 backoff", 429, e);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped; empty when absent or unreadable. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration until = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException unreadable) {
                    return Optional.empty();
                }
            }
        }).map(d -> d.compareTo(backoff.maxRetryAfter()) > 0 ? backoff.maxRetryAfter() : d);
    }

    private void count(String kind, String outcome) {
        meters.counter("tillsync.clover.requests", "kind", kind, "outcome", outcome).increment();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
