package io.tillsync.platforms.tripleseat;

import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import reactor.core.publisher.Mono;

/**
 * TripleSeat's API through {@link OutboundHttp}: {@code GET {api_base_url}/v1/events/{id}.json} with
 * {@code Authorization: Bearer <token>} (path and auth scheme unconfirmed). 404 is empty; other failures are
 * {@link PlatformCallException}s whose message names the call only ("TripleSeat event fetch answered 500"), never
 * the address or the answer's body. Parsing is {@link TripleSeatJson}'s job.
 */
public final class TripleSeatClient {

    static final String WHAT = "TripleSeat event fetch";

    private final OutboundHttp http;
    private final Duration timeout;

    public TripleSeatClient(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The event, or empty when TripleSeat does not know it (404). Dates are read in the venue's zone. */
    public Mono<TripleSeatEvent> fetchEvent(ApiTarget target, String eventId, ZoneId venueZone) {
        return Mono.defer(() -> {
            String path = "/v1/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8).replace("+", "%20") + ".json";
            OutboundRequest request = OutboundRequest.get(target.uri(path), WHAT).header("Accept", "application/json")
                    .bearer(target.requireToken(WHAT)).timeout(timeout);
            return http.send(request).flatMap(response -> {
                if (response.status() == 404) {
                    return Mono.empty();
                }
                response.requireSuccess();
                try {
                    return Mono.just(TripleSeatJson.event(response.body(), venueZone));
                } catch (PlatformDataException e) {
                    throw new PlatformCallException(WHAT + " answer unreadable: " + e.getMessage(), false,
                            response.status());
                }
            });
        });
    }
}
