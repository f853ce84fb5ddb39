package io.tillsync.kit.web;

import io.tillsync.kit.Correlation;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Takes the caller's {@code X-Correlation-Id} (or makes one), echoes it on the response and keeps it as the
 * exchange attribute {@link #ATTRIBUTE} for handlers to put on the records they publish.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

    public static final String ATTRIBUTE = CorrelationIdWebFilter.class.getName() + ".id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]+");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = accept(exchange.getRequest().getHeaders().getFirst(Correlation.HEADER));
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(Correlation.HEADER, id);
        return chain.filter(exchange).contextWrite(ctx -> ctx.put(Correlation.MDC_KEY, id));
    }

    /** The caller's correlation id if it is a sane one (at most 128 of {@code [A-Za-z0-9._:-]}), else a new one. */
    public static String accept(String given) {
        return given != null && given.length() <= 128 && SANE.matcher(given).matches() ? given : Correlation.newId();
    }

    /** The correlation id of this exchange. */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : Correlation.newId();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
