package io.tillsync.sync.inbound;

import io.tillsync.platforms.CatalogWebhookMapper;
import io.tillsync.platforms.clover.CloverApi;
import io.tillsync.platforms.clover.CloverCatalogMapper;
import io.tillsync.platforms.clover.CloverClient;
import io.tillsync.platforms.clover.CloverRateLimiter;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.shopify.ShopifyAdminClient;
import io.tillsync.platforms.shopify.ShopifyCatalogMapper;
import io.tillsync.platforms.square.SquareCatalogMapper;
import io.tillsync.platforms.square.SquareClient;
import io.tillsync.platforms.toast.ToastCatalogMapper;
import io.tillsync.platforms.toast.ToastClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers' catalog webhook mappers (from the platforms module) and the API clients they fetch with, all calling
 * out through the one {@link OutboundHttp}. Clover's fetches keep Clover's per-token limits on this replica.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogMappers {

    @Bean
    CloverApi inboundCloverApi(OutboundHttp http, InboundProperties properties, ObjectProvider<Clock> clock) {
        return new CloverClient(http, new CloverRateLimiter(CloverRateLimiter.Limits.clover()),
                CloverClient.Backoff.clover(), properties.fetchTimeout(), d -> Thread.sleep(d.toMillis()),
                (kind, outcome) -> { }, clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    CatalogWebhookMapper cloverCatalogMapper(CloverApi inboundCloverApi) {
        return new CloverCatalogMapper(inboundCloverApi);
    }

    @Bean
    CatalogWebhookMapper shopifyCatalogMapper(OutboundHttp http, InboundProperties properties) {
        return new ShopifyCatalogMapper(new ShopifyAdminClient(http, properties.shopifyVersion(),
                properties.fetchTimeout()));
    }

    @Bean
    CatalogWebhookMapper squareCatalogMapper(OutboundHttp http, InboundProperties properties,
            ObjectProvider<Clock> clock) {
        return new SquareCatalogMapper(new SquareClient(http, properties.squareVersion(), properties.fetchTimeout(),
                clock.getIfUnique(Clock::systemUTC)), properties.squareCatalogLookback());
    }

    @Bean
    CatalogWebhookMapper toastCatalogMapper(OutboundHttp http, InboundProperties properties) {
        return new ToastCatalogMapper(new ToastClient(http, properties.fetchTimeout()));
    }
}
