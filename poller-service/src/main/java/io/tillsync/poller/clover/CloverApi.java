package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The part of Clover's REST API the poller needs. Calls block the calling worker thread (rate limits and 429
 * backoff included) and throw {@link CloverTokenInvalidException} on 401, {@link CloverApiException} otherwise.
 */
public interface CloverApi {

    /**
     * One page of {@code GET /v3/merchants/{mId}/items?filter=modifiedTime>={ms}&expand=itemStock&limit&offset}:
     * the {@code elements}, in Clover's order. Fewer than {@code limit} elements means the listing is over.
     */
    List<JsonNode> items(CloverTarget target, long modifiedSinceMs, int offset, int limit);

    /** One page of {@code GET /v3/merchants/{mId}/items?fields=id&limit&offset}: the item ids only. */
    List<String> itemIds(CloverTarget target, int offset, int limit);
}
