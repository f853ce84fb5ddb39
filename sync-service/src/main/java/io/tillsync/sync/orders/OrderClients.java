package io.tillsync.sync.orders;

import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.revel.RevelClient;
import io.tillsync.platforms.tripleseat.TripleSeatClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The TripleSeat and Revel clients of order injection (from the platforms module), over the one {@link OutboundHttp}. */
@Configuration(proxyBeanMethods = false)
public class OrderClients {

    @Bean
    TripleSeatClient tripleSeatClient(OutboundHttp http, OrderInjectionProperties properties) {
        return new TripleSeatClient(http, properties.httpTimeout());
    }

    @Bean
    RevelClient revelClient(OutboundHttp http, OrderInjectionProperties properties) {
        return new RevelClient(http, properties.httpTimeout());
    }
}
