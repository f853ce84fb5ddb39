package io.tillsync.sync.orders;

import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.revel.RevelClient;
import io.tillsync.platforms.tripleseat.TripleSeatClient;
import io.tillsync.platforms.tripleseat.TripleSeatRateLimit;
import io.tillsync.platforms.tripleseat.TripleSeatTokens;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TripleSeat and Revel clients of order injection (from the platforms module), over the one {@link OutboundHttp}:
 * TripleSeat's OAuth tokens are cached per connection (a rotated refresh token is stored back on the connection,
 * encrypted), and its calls keep to the per-credential budget.
 */
@Configuration(proxyBeanMethods = false)
public class OrderClients {

    @Bean
    TripleSeatTokens tripleSeatTokens(OutboundHttp http, OrderInjectionProperties properties,
            OrderConnectionStore connections, ObjectProvider<Clock> clock) {
        return new TripleSeatTokens(http, properties.httpTimeout(), properties.tokenRefreshBefore(),
                (connectionId, credentials, refresh) -> connections.storeCredential(connectionId,
                        credentials.withRefreshToken(refresh)),
                clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    TripleSeatClient tripleSeatClient(OutboundHttp http, OrderInjectionProperties properties, TripleSeatTokens tokens) {
        return new TripleSeatClient(http, properties.httpTimeout(), tokens,
                new TripleSeatRateLimit(properties.requestsPerSecond()), properties.maxRetryAfter());
    }

    @Bean
    RevelClient revelClient(OutboundHttp http, OrderInjectionProperties properties) {
        return new RevelClient(http, properties.httpTimeout());
    }
}
