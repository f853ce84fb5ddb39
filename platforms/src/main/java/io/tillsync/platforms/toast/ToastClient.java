package io.tillsync.platforms.toast;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Toast's API through {@link OutboundHttp} with the connection's bearer token and the restaurant header. */
public final class ToastClient {

    private final OutboundHttp http;
    private final Duration timeout;

    public ToastClient(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The restaurant's published menus: {@code GET /menus/v2/menus} with {@code Toast-Restaurant-External-ID}. */
    public Mono<JsonNode> menus(ApiTarget target, String restaurantGuid) {
        return Mono.defer(() -> {
            String what = "Toast menus fetch";
            OutboundRequest request = OutboundRequest.get(target.uri("/menus/v2/menus"), what)
                    .header("Accept", "application/json").bearer(target.requireToken(what))
                    .header(ToastPlatform.RESTAURANT_HEADER, restaurantGuid).timeout(timeout);
            return JsonCalls.send(http, request, false);
        });
    }
}
