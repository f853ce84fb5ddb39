package io.tillsync.intake.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillsync.intake.ConnectionDirectory;
import io.tillsync.intake.ConnectionRateLimiter;
import io.tillsync.intake.store.IntakeConnectionRepository;
import io.micrometer.observation.ObservationPredicate;
import io.tillsync.kit.security.SecretBox;
import java.time.Clock;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the connection cache, the rate limiter and the clock from {@link IntakeProperties}. */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public ConnectionDirectory connectionDirectory(IntakeConnectionRepository repository, SecretBox secretBox,
            IntakeProperties properties) {
        return new ConnectionDirectory(repository, secretBox, properties, Ticker.systemTicker());
    }

    @Bean
    public ConnectionRateLimiter connectionRateLimiter(IntakeProperties properties, Clock clock) {
        return new ConnectionRateLimiter(properties.rateLimitPerMinute(), clock);
    }

    /**
     * Webhook requests are not observed as {@code http.server.requests}: intake's own meters count them by provider
     * and outcome ({@code tillsync.intake.requests}) and time the part that varies ({@code
     * tillsync.intake.publish.latency}), and the generic observation cost about a fifth of the CPU intake spends on
     * a request (bench/intake profile). Every other route (actuator, OpenAPI) is observed as usual.
     */
    @Bean
    public ObservationPredicate webhookRoutesNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getPath().value().startsWith("/intake/"));
    }
}
