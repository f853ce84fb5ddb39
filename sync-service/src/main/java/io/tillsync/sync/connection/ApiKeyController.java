package io.tillsync.sync.connection;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tillsync.kit.security.ApiKeyStore;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Operator-only issuance of tenant API keys: {@code POST /api/tenants/{tenant}/api-keys}; the key is shown once. */
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
        return keys.issue(tenant, name);
    }
}
