package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * How the provider API clients read answers: JSON bodies parsed with {@link CatalogChanges#JSON} (exact decimals),
 * 404 as empty when the caller says so, 429/5xx/timeouts/I-O as transient {@link ProviderApiException}s and other
 * statuses as permanent ones. Response bodies of failures are not logged or kept (they may echo credentials).
 */
final class ProviderHttp {

    private ProviderHttp() {
    }

    static Mono<JsonNode> json(ClientResponse response, String what, boolean emptyOn404) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(byte[].class).map(CatalogChanges::parseAny)
                    .switchIfEmpty(Mono.error(() -> new ProviderApiException(what + " answered an empty body", false, null)));
        }
        if (status == 404 && emptyOn404) {
            return response.releaseBody().then(Mono.empty());
        }
        boolean transientFailure = status == 429 || status >= 500;
        return response.releaseBody().then(Mono.error(new ProviderApiException(what + " answered " + status,
                transientFailure, null)));
    }

    /** Applies the timeout and turns transport failures into transient {@link ProviderApiException}s. */
    static <T> Mono<T> guard(Mono<T> call, String what, Duration timeout) {
        return call.timeout(timeout).onErrorMap(e -> e instanceof TimeoutException || e instanceof IOException
                        || e instanceof WebClientRequestException,
                e -> new ProviderApiException(what + " failed: " + e.getClass().getSimpleName(), true, e));
    }
}
