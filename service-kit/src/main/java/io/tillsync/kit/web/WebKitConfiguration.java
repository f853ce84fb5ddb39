package io.tillsync.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration;
import org.springframework.boot.autoconfigure.reactor.netty.ReactorNettyProperties;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * JSON error bodies (and their OpenAPI description) and correlation ids for every WebFlux service; Reactor Netty
 * resources of its own.
 */
@AutoConfiguration(before = {ReactiveWebServerFactoryAutoConfiguration.class, ClientHttpConnectorAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.reactive.function.client.ClientHttpConnectorAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ReactorNettyProperties.class)
public class WebKitConfiguration {

    @Bean
    public ApiErrorHandler apiErrorHandler(ObjectMapper json) {
        return new ApiErrorHandler(json);
    }

    /** Bearer scheme and JSON error answers in the OpenAPI document ({@code /openapi}, Swagger UI at {@code /swagger-ui}). */
    @Bean
    @ConditionalOnClass(GlobalOpenApiCustomizer.class)
    public OpenApiDocs openApiDocs(@Value("${spring.application.name:tillsync}") String name,
            @Value("${tillsync.security.protected-paths:/api/**}") List<String> protectedPaths) {
        return new OpenApiDocs(name, protectedPaths);
    }

    /**
     * Operator-only routes ({@code tillsync.web.management-only-paths}: dead-letter replay, secret re-encryption) and
     * any route outside {@code tillsync.web.public-paths} answer only on the management port.
     */
    @Bean
    public PublicPortFilter publicPortFilter(
            @Value("${tillsync.web.public-paths:/**}") List<String> publicPaths,
            @Value("${tillsync.web.management-only-paths:/api/ops/**,/api/operator/**}") List<String> managementOnly) {
        return new PublicPortFilter(publicPaths, managementOnly);
    }

    @Bean
    public CorrelationIdWebFilter correlationIdWebFilter() {
        return new CorrelationIdWebFilter();
    }

    /**
     * The server's and the WebClients' event loops and connection pool belong to this application context and end
     * with it. Boot's default shares Reactor Netty's global resources, and closing a context disposes them under
     * every other context of the JVM: in a test run that closes contexts between classes, a cached context's server
     * then left requests unanswered (spring-boot#38199).
     */
    @Bean
    public ReactorResourceFactory reactorResourceFactory(ReactorNettyProperties properties) {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        if (properties.getShutdownQuietPeriod() != null) { // spring.reactor.netty.shutdown-quiet-period, as Boot's own
            resources.setShutdownQuietPeriod(properties.getShutdownQuietPeriod());
        }
        return resources;
    }
}
