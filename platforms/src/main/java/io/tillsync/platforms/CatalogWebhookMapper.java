package io.tillsync.platforms;

import io.tillsync.avro.CatalogChange;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * One provider's translation of its catalog webhooks into normalized {@link CatalogChange}s (key tenant:item),
 * fetching through the provider's API when the event only names what changed. Fails with
 * {@link PlatformDataException} for malformed events and {@link io.tillsync.platforms.http.PlatformCallException}
 * for failed fetches.
 */
public interface CatalogWebhookMapper {

    Provider provider();

    /** Whether this is a catalog event of the provider at all; false leaves the webhook to other handlers. */
    boolean supports(WebhookEvent event);

    /**
     * The changes the event stands for, in the order they must be applied; may be empty.
     *
     * @param api where to fetch from; null when the connection has no API location (a fetch then fails permanently)
     */
    Mono<List<CatalogChange>> changes(WebhookEvent event, ApiTarget api);

    /** The target, or a permanent failure when the connection has none. */
    static ApiTarget require(ApiTarget api, WebhookEvent event) {
        if (api == null) {
            throw new PlatformDataException(event.source().provider() + " connection has no API location");
        }
        return api;
    }
}
