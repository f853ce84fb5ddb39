package io.tillsync.kit.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.WebFilter;

/**
 * In the management server's own context (management port): every request outside actuator's base path is handed
 * to the application's handler chain, so the operator routes the public port refuses ({@link PublicPortFilter}) are
 * served here, with the same API-key check, error bodies and correlation.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementPortRoutes {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public WebFilter applicationRoutesOnManagementPort(ApplicationContext managementContext,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBase) {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (path.equals(actuatorBase) || path.startsWith(actuatorBase + "/") || managementContext.getParent() == null) {
                return chain.filter(exchange);
            }
            HttpHandler application = managementContext.getParent().getBean(HttpHandler.class);
            return application.handle(exchange.getRequest(), exchange.getResponse());
        };
    }
}
