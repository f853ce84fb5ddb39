package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;

/** The part of Clover's REST API the webhook parser needs. */
public interface CloverApi {

    /** {@code GET /v3/merchants/{mId}/items/{id}?expand=itemStock}; empty when Clover answers 404. */
    Mono<JsonNode> item(ProviderApiTarget target, String merchantId, String itemId);
}
