package io.tillsync.kit.outbound;

import io.tillsync.kit.tracing.Traces;
import io.tillsync.kit.tracing.TracingKitConfiguration;
import io.tillsync.kit.tracing.TracingOutboundHttp;
import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.HostResolver;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.ReactorNettyOutboundHttp;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one guarded {@link OutboundHttp} of a service, with the {@link AddressPolicy} and {@link HostResolver} it
 * checks targets with (tests replace the resolver with fixed answers). Every call goes out as a client span with
 * its {@code traceparent} ({@link TracingOutboundHttp}).
 */
@AutoConfiguration(after = TracingKitConfiguration.class)
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
    public OutboundHttp outboundHttp(OutboundProperties properties, HostResolver resolver, AddressPolicy policy,
            ObjectProvider<Traces> traces) {
        return new TracingOutboundHttp(new ReactorNettyOutboundHttp(properties.settings(), resolver, policy),
                traces.getIfAvailable(Traces::noop));
    }
}
