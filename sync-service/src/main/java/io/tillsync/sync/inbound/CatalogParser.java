package io.tillsync.sync.inbound;

import io.tillsync.avro.CatalogChange;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * One provider's translation of its webhooks into normalized {@link CatalogChange}s (key tenant:item), fetching
 * through the provider's API when the event only names what changed. Fails with
 * {@link UnprocessableEventException} for malformed events and {@link ProviderApiException} for failed fetches.
 */
public interface CatalogParser {

    /** The provider id this parser reads (shopify, square, clover, toast). */
    String provider();

    /** Whether this is a catalog event of the provider at all; false leaves the webhook to other handlers. */
    boolean supports(InboundEvent event);

    /** The changes the event stands for, in the order they must be applied; may be empty. */
    Mono<List<CatalogChange>> parse(InboundEvent event);
}
