package io.tillsync.platforms.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.json.PlatformJson;
import reactor.core.publisher.Mono;

/**
 * JSON calls through {@link OutboundHttp}: a 2xx answer's body read with {@link PlatformJson} (an empty body as an
 * empty object), 404 as empty when the caller says so, any other status as the {@link PlatformCallException}
 * {@link OutboundResponse#requireSuccess()} makes. An answer that is not JSON is a permanent failure of the call;
 * its body is never quoted.
 */
public final class JsonCalls {

    private JsonCalls() {
    }

    public static Mono<JsonNode> send(OutboundHttp http, OutboundRequest request, boolean emptyOn404) {
        return http.send(request).flatMap(response -> {
            if (emptyOn404 && response.status() == 404) {
                return Mono.empty();
            }
            return Mono.just(read(response.requireSuccess()));
        });
    }

    /** The body of a successful answer as JSON. */
    public static JsonNode read(OutboundResponse response) {
        if (response.body() == null || response.body().length == 0) {
            return PlatformJson.newObject();
        }
        try {
            JsonNode node = PlatformJson.any(response.body(), response.what() + " answer");
            return node == null ? PlatformJson.newObject() : node;
        } catch (PlatformDataException e) {
            throw new PlatformCallException(response.what() + " answered a body that is not JSON", false,
                    response.status());
        }
    }
}
