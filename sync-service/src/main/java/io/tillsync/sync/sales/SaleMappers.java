package io.tillsync.sync.sales;

import io.tillsync.platforms.SaleWebhookMapper;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.shopify.ShopifySaleMapper;
import io.tillsync.platforms.square.SquareClient;
import io.tillsync.platforms.square.SquareSaleMapper;
import io.tillsync.sync.inbound.InboundProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers' sale webhook mappers (from the platforms module), fetching through the one {@link OutboundHttp}. */
@Configuration(proxyBeanMethods = false)
public class SaleMappers {

    @Bean
    SaleWebhookMapper shopifySaleMapper() {
        return new ShopifySaleMapper();
    }

    @Bean
    SaleWebhookMapper squareSaleMapper(OutboundHttp http, InboundProperties properties, ObjectProvider<Clock> clock) {
        return new SquareSaleMapper(new SquareClient(http, properties.squareVersion(), properties.fetchTimeout(),
                clock.getIfUnique(Clock::systemUTC)));
    }
}
