package io.tillsync.platforms;

import io.tillsync.avro.Sale;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * One provider's translation of its order, payment and refund webhooks into normalized {@link Sale}s, fetching the
 * order through the provider's API when the webhook only names it. A sale without {@code refund} is a snapshot of
 * the order at {@code version}; a sale with {@code refund} stands for one completed refund of it. Fails with
 * {@link PlatformDataException} for malformed events and {@link io.tillsync.platforms.http.PlatformCallException}
 * for failed fetches.
 */
public interface SaleWebhookMapper {

    Provider provider();

    /**
     * A cheap first check on the event type intake recorded, made for every webhook of the provider before its body
     * is parsed; {@link #supports} then decides on the body.
     */
    boolean supportsEventType(String eventType);

    /** Whether this is an order, payment or refund event of the provider. */
    boolean supports(WebhookEvent event);

    /**
     * The sales the event stands for; empty when it says nothing a subscriber needs (a refund not completed yet).
     *
     * @param api where to fetch from; null when the connection has no API location (a fetch then fails permanently)
     */
    Mono<List<Sale>> sales(WebhookEvent event, ApiTarget api);
}
