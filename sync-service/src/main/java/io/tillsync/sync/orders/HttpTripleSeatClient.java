package io.tillsync.sync.orders;

import java.time.ZoneId;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * {@link TripleSeatClient} over HTTP: {@code GET {api_base_url}/v1/events/{id}.json} with
 * {@code Authorization: Bearer <token>} (path and auth scheme unconfirmed; TripleSeat also offers OAuth 1.0 keys).
 * Parsing is {@link TripleSeatAdapter}'s job.
 */
@Component
public class HttpTripleSeatClient implements TripleSeatClient {

    private final WebClient http;
    private final TripleSeatAdapter adapter;
    private final OrderInjectionProperties properties;

    public HttpTripleSeatClient(WebClient.Builder builder, TripleSeatAdapter adapter, OrderInjectionProperties properties) {
        this.http = builder.build();
        this.adapter = adapter;
        this.properties = properties;
    }

    @Override
    public Mono<TripleSeatEvent> fetchEvent(PlatformAccount tripleseat, String eventId, ZoneId venueZone) {
        String path = "/v1/events/" + UriUtils.encodePathSegment(eventId, java.nio.charset.StandardCharsets.UTF_8) + ".json";
        return Mono.defer(() -> http.get().uri(trimSlash(tripleseat.baseUrl()) + path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tripleseat.token())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().then(Mono.<byte[]>empty());
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new PlatformCallException(
                                "tripleseat GET " + path + " answered " + response.statusCode().value())));
                    }
                    return response.bodyToMono(byte[].class);
                }))
                .timeout(properties.httpTimeout())
                .map(body -> adapter.parseEvent(body, venueZone))
                .onErrorMap(e -> !(e instanceof PlatformCallException), e -> wrap("tripleseat GET " + path, e));
    }

    static PlatformCallException wrap(String call, Throwable e) {
        if (e instanceof TimeoutException) {
            return new PlatformCallException(call + " timed out", e);
        }
        if (e instanceof WebClientRequestException) {
            return new PlatformCallException(call + " unreachable", e);
        }
        if (e instanceof IllegalArgumentException) {
            return new PlatformCallException(call + " answer unreadable: " + e.getMessage(), e);
        }
        return new PlatformCallException(call + " failed: " + e.getClass().getSimpleName(), e);
    }

    static String trimSlash(String base) {
        if (base == null || base.isBlank()) {
            throw new PlatformCallException("connection has no api_base_url");
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
