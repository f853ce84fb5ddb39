package io.tillsync.kit.security;

import io.tillsync.kit.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Authenticates the management APIs ({@code tillsync.security.protected-paths}, default {@code /api/**}) with
 * {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}: the operator key (compared in constant time)
 * or a tenant key from {@link ApiKeyStore}. Answers 401 {@code unauthorized} otherwise. A service without tenant APIs
 * (intake: {@code tillsync.security.tenant-keys=false}) has no key store and accepts the operator key only.
 */
public class ApiKeyWebFilter implements WebFilter {

    private final ApiKeyStore keys;
    private final byte[] operatorKeyHash;
    private final List<PathPattern> protectedPaths;

    public ApiKeyWebFilter(ApiKeyStore keys, String operatorKey, List<String> protectedPaths) {
        this.keys = keys;
        this.operatorKeyHash = operatorKey == null || operatorKey.isBlank() ? null : digest(operatorKey);
        this.protectedPaths = protectedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (protectedPaths.stream().noneMatch(p -> p.matches(path))) {
            return chain.filter(exchange);
        }
        String key = presentedKey(exchange.getRequest().getHeaders());
        if (key == null) {
            return Mono.error(unauthorized("missing API key: send Authorization: Bearer <key>"));
        }
        if (operatorKeyHash != null && MessageDigest.isEqual(operatorKeyHash, digest(key))) {
            exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.operatorCaller());
            return chain.filter(exchange);
        }
        if (keys == null) {
            return Mono.error(unauthorized("this service's management APIs take the operator key only"));
        }
        return keys.resolve(key)
                .switchIfEmpty(Mono.error(unauthorized("unknown or revoked API key")))
                .flatMap(tenant -> {
                    exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.tenantCaller(tenant));
                    return chain.filter(exchange);
                });
    }

    private static String presentedKey(HttpHeaders headers) {
        String auth = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String apiKey = headers.getFirst("X-Api-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
