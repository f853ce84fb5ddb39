package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;

/** The part of Toast's API the webhook parser needs. */
public interface ToastApi {

    /** The restaurant's published menus: {@code GET /menus/v2/menus} with {@code Toast-Restaurant-External-ID}. */
    Mono<JsonNode> menus(ProviderApiTarget target, String restaurantGuid);
}
