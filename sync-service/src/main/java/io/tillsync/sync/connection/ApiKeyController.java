package io.tillsync.sync.connection;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tillsync.kit.logging.LogText;
import io.tillsync.kit.security.ApiKeyStore;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import org.springframework.http.HttpStatus;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenant API keys: {@code POST /api/tenants/{tenant}/api-keys} issues one (operator only; the key is shown once);
 * {@code GET} lists the tenant's keys (id, name, dates: never the key or its hash) and {@code DELETE .../{id}}
 * revokes one, effective on every replica of every service within a second (see {@link ApiKeyStore}) — the operator
 * or the tenant's own key, never another tenant's (403); another tenant's key id is 404.
 */
@RestController
public class ApiKeyController {

    private final ApiKeyStore keys;

    public ApiKeyController(ApiKeyStore keys) {
        this.keys = keys;
    }

    /** Optional body of a key request. */
    @Schema(example = "{\"name\":\"back-office integration\"}")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApiKeyRequest(String name) {
    }

    @PostMapping("/api/tenants/{tenant}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ApiKeyStore.IssuedKey> issue(@PathVariable String tenant,
            @RequestBody(required = false) ApiKeyRequest body, ServerWebExchange exchange) {
        Caller.requireOperator(exchange);
        ConnectionService.checkTenant(tenant);
        String name = body == null || body.name() == null ? "default" : body.name();
        if (name.isBlank() || name.length() > 100) {
            return Mono.error(ApiException.badRequest("invalid_name", "name must be 1 to 100 characters"));
        }
        if (LogText.hasControlCharacters(name)) {
            return Mono.error(ApiException.badRequest("invalid_name", "name must not contain control characters"));
        }
        return keys.issue(tenant, name);
    }

    @GetMapping("/api/tenants/{tenant}/api-keys")
    public Flux<ApiKeyStore.KeyInfo> list(@PathVariable String tenant, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        ConnectionService.checkTenant(tenant);
        return keys.list(tenant);
    }

    @DeleteMapping("/api/tenants/{tenant}/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> revoke(@PathVariable String tenant, @PathVariable String id, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        ConnectionService.checkTenant(tenant);
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiException.notFound("api key " + LogText.escape(id, 64)));
        }
        return keys.revoke(tenant, keyId).flatMap(done -> done ? Mono.<Void>empty()
                : Mono.error(ApiException.notFound("api key " + id)));
    }
}
