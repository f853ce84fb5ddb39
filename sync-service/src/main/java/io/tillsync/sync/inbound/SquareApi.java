package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import reactor.core.publisher.Flux;

/** The part of Square's API the webhook parser needs. */
public interface SquareApi {

    /**
     * SearchCatalogObjects ({@code POST /v2/catalog/search}) for ITEM objects changed since {@code beginTime},
     * deleted ones included ({@code is_deleted: true}), following the cursor through every page.
     */
    Flux<JsonNode> catalogChangedSince(ProviderApiTarget target, Instant beginTime);
}
