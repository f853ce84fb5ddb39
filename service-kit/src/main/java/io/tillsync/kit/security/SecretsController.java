package io.tillsync.kit.security;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Operator route of the services that store secrets (sync: connections, delivery: endpoints):
 * {@code POST /api/operator/secrets/reencrypt} rewrites every stored secret of this service under the active key
 * ({@link SecretReencryption}). Operator key only; served on the management port.
 */
@RestController
public class SecretsController {

    private final SecretReencryption reencryption;

    public SecretsController(SecretReencryption reencryption) {
        this.reencryption = reencryption;
    }

    @PostMapping("/api/operator/secrets/reencrypt")
    public Mono<SecretReencryption.ReencryptionResult> reencrypt(ServerWebExchange exchange) {
        Caller.requireOperator(exchange);
        return reencryption.run();
    }
}
