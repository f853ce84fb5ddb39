package io.tillsync.platforms.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The part of Clover's REST API Tillsync uses. Failures are {@link io.tillsync.platforms.http.PlatformCallException}s
 * ({@code unauthorized()} for a revoked token).
 */
public interface CloverApi {

    /**
     * One page of {@code GET /v3/merchants/{mId}/items?filter=modifiedTime>={ms}&expand=itemStock&limit&offset}: the
     * {@code elements}, in Clover's order. Fewer than {@code limit} elements means the listing is over. Blocks the
     * calling thread (rate limit and 429 backoff included).
     */
    List<JsonNode> items(CloverTarget target, long modifiedSinceMs, int offset, int limit);

    /** One page of {@code GET /v3/merchants/{mId}/items?fields=id&limit&offset}: the item ids only. Blocks. */
    List<String> itemIds(CloverTarget target, int offset, int limit);

    /** {@code GET /v3/merchants/{mId}/items/{id}?expand=itemStock}; empty when Clover answers 404. */
    Mono<JsonNode> item(ApiTarget target, String merchantId, String itemId);
}
