package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * How writers read platform answers: 2xx bodies as JSON (an empty body as an empty object), 429/5xx, timeouts and
 * I/O errors as transient {@link PlatformWriteException}s, other statuses as permanent ones. Failure bodies are
 * discarded unread.
 */
final class WriterHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private WriterHttp() {
    }

    static Mono<JsonNode> json(ClientResponse response, String what) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(String.class).defaultIfEmpty("{}").map(body -> {
                try {
                    JsonNode node = JSON.readTree(body.isBlank() ? "{}" : body);
                    return node == null ? JSON.createObjectNode() : node;
                } catch (IOException e) {
                    throw new PlatformWriteException(what + " answered a body that is not JSON", false);
                }
            });
        }
        boolean transientFailure = status == 429 || status >= 500;
        return response.releaseBody().then(Mono.error(new PlatformWriteException(what + " answered " + status,
                transientFailure)));
    }

    static <T> Mono<T> guard(Mono<T> call, String what, Duration timeout) {
        return call.timeout(timeout).onErrorMap(e -> e instanceof TimeoutException || e instanceof IOException
                        || e instanceof WebClientRequestException,
                e -> new PlatformWriteException(what + " failed: " + e.getClass().getSimpleName(), true));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
