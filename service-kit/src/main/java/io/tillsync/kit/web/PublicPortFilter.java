package io.tillsync.kit.web;

import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Keeps operator-only routes off the public port. When the management server listens on a port of its own
 * ({@code management.server.port}, by default the service port + 1000 on the loopback), a request that reached the
 * public port is answered 404 {@code not_found} unless its path is one of {@code tillsync.web.public-paths} and none of
 * {@code tillsync.web.management-only-paths}; on the management port every route is served (Spring Boot's management
 * server hands the application's routes the same handlers and filters). With one port for both (tests with a random
 * port) nothing is filtered.
 */
public class PublicPortFilter implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

    private final List<PathPattern> publicPaths;
    private final List<PathPattern> managementOnly;
    private volatile int publicPort = -1;
    private volatile int managementPort = -1;

    public PublicPortFilter(List<String> publicPaths, List<String> managementOnly) {
        this.publicPaths = publicPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.managementOnly = managementOnly.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            managementPort = event.getWebServer().getPort();
        } else if (event.getApplicationContext().getServerNamespace() == null) {
            publicPort = event.getWebServer().getPort();
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (managementPort < 0 || managementPort == publicPort) {
            return chain.filter(exchange);
        }
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        if (local != null && local.getPort() != publicPort) {
            return chain.filter(exchange);
        }
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (publicPaths.stream().anyMatch(p -> p.matches(path)) && managementOnly.stream().noneMatch(p -> p.matches(path))) {
            return chain.filter(exchange);
        }
        return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "not_found", "no such route on this port"));
    }

    /** Before the API-key check: a route that is not here is not found, whatever key came with it. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
