package io.tillsync.kit.outbound;

import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.HostResolver;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.ReactorNettyOutboundHttp;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one guarded {@link OutboundHttp} of a service, with the {@link AddressPolicy} and {@link HostResolver} it
 * checks targets with (tests replace the resolver with fixed answers).
 */
@AutoConfiguration
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundKitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public HostResolver hostResolver() {
        return HostResolver.jdk();
    }

    @Bean
    @ConditionalOnMissingBean
    public AddressPolicy addressPolicy(OutboundProperties properties) {
        return new AddressPolicy(properties.allowPrivateTargets());
    }

    @Bean
    @ConditionalOnMissingBean
    public OutboundHttp outboundHttp(OutboundProperties properties, HostResolver resolver, AddressPolicy policy) {
        return new ReactorNettyOutboundHttp(properties.settings(), resolver, policy);
    }
}
