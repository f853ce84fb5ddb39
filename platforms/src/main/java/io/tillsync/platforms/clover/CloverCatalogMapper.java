package io.tillsync.platforms.clover;

import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.CatalogWebhookMapper;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.WebhookEvent;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clover app webhooks, which only name objects ({@link CloverWebhooks#itemRefs}): each named item is fetched
 * ({@link CloverApi#item}) and mapped by the one {@link CloverItemMapper}, so a webhook and a poll of the same item
 * version agree. {@code DELETE} and a 404 are deletes (reason {@code deleted}) without a fetch or after it. Objects
 * of other kinds (orders, customers, payments) have no catalog effect; the one-off verification call has none
 * either. Items are fetched one after another, in the body's order.
 */
public final class CloverCatalogMapper implements CatalogWebhookMapper {

    private final CloverApi api;

    public CloverCatalogMapper(CloverApi api) {
        this.api = api;
    }

    @Override
    public Provider provider() {
        return Provider.CLOVER;
    }

    @Override
    public boolean supports(WebhookEvent event) {
        return CloverWebhooks.isAppWebhook(event.body());
    }

    @Override
    public Mono<List<CatalogChange>> changes(WebhookEvent event, ApiTarget target) {
        if (CloverWebhooks.isVerification(event.body())) {
            return Mono.just(List.of());
        }
        return Mono.fromCallable(() -> CloverWebhooks.itemRefs(event.body()))
                .flatMapMany(Flux::fromIterable)
                .concatMap(ref -> item(event, target, ref))
                .collectList();
    }

    private Flux<CatalogChange> item(WebhookEvent event, ApiTarget target, CloverWebhooks.ItemRef ref) {
        Instant ts = ref.ts() != null ? ref.ts() : event.receivedAt();
        if ("DELETE".equals(ref.type())) {
            return Flux.fromIterable(CloverItemMapper.deleted(event.source(), ref.itemId(), ts, "deleted").changes());
        }
        return Mono.defer(() -> api.item(CatalogWebhookMapper.require(target, event), ref.merchantId(), ref.itemId()))
                .map(item -> CloverItemMapper.map(event.source(), item, ref.itemId(), ts))
                .defaultIfEmpty(CloverItemMapper.deleted(event.source(), ref.itemId(), ts, "deleted"))
                .flatMapIterable(CloverItemMapper.MappedItem::changes);
    }
}
