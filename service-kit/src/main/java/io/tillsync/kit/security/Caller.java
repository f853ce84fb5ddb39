package io.tillsync.kit.security;

import io.tillsync.kit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling a management API: one tenant (per-tenant API key) or the operator (operator key, may act for any
 * tenant). Set by {@link ApiKeyWebFilter}; handlers call {@link #requireTenant} before touching tenant data.
 */
public record Caller(String tenant, boolean operator) {

    static final String ATTRIBUTE = Caller.class.getName();

    public static Caller operatorCaller() {
        return new Caller(null, true);
    }

    public static Caller tenantCaller(String tenant) {
        return new Caller(tenant, false);
    }

    public boolean canAccess(String tenantId) {
        return operator || (tenant != null && tenant.equals(tenantId));
    }

    /** The authenticated caller of this exchange; 401 when the route was not authenticated. */
    public static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "missing API key");
        }
        return caller;
    }

    /** The caller, after checking it may act for {@code tenantId}; 403 otherwise. */
    public static Caller requireTenant(ServerWebExchange exchange, String tenantId) {
        Caller caller = of(exchange);
        if (!caller.canAccess(tenantId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "this API key may not act for tenant " + tenantId);
        }
        return caller;
    }

    /** 403 unless the caller holds the operator key. */
    public static Caller requireOperator(ServerWebExchange exchange) {
        Caller caller = of(exchange);
        if (!caller.operator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "operator key required");
        }
        return caller;
    }
}
