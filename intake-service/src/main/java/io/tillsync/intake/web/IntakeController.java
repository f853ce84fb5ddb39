package io.tillsync.intake.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tillsync.intake.ConnectionRef;
import io.tillsync.intake.WebhookIntake;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The platforms' webhook URLs. The body is taken as raw bytes (never decoded by Spring) so the signature is checked
 * on exactly what was sent.
 */
@RestController
@Tag(name = "intake", description = "Signed webhooks from POS and commerce platforms")
public class IntakeController {

    private final WebhookIntake intake;

    public IntakeController(WebhookIntake intake) {
        this.intake = intake;
    }

    @Operation(summary = "Webhook for the tenant's oldest active connection of the provider",
            description = "202 {status:accepted,id} once Kafka acknowledged the record; errors 401 invalid_signature/"
                    + "missing_signature, 404 unknown_connection/unknown_provider, 413 payload_too_large, 415 "
                    + "unsupported_media_type, 400 malformed_body, 429 rate_limited, 503 kafka_unavailable")
    @PostMapping("/intake/{tenant}/pos/{provider}")
    public Mono<ResponseEntity<Object>> receiveForProvider(@PathVariable String tenant, @PathVariable String provider,
            ServerWebExchange exchange) {
        return receive(ConnectionRef.oldestActive(tenant, provider), exchange);
    }

    @Operation(summary = "Webhook for one connection", description = "Same answers as the provider route.")
    @PostMapping("/intake/{tenant}/{provider}/{connection}")
    public Mono<ResponseEntity<Object>> receiveForConnection(@PathVariable String tenant, @PathVariable String provider,
            @PathVariable String connection, ServerWebExchange exchange) {
        return receive(ConnectionRef.of(tenant, provider, connection), exchange);
    }

    private Mono<ResponseEntity<Object>> receive(ConnectionRef ref, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return intake.receive(ref, request.getHeaders(), request.getBody(), CorrelationIdWebFilter.of(exchange))
                .map(result -> result instanceof WebhookIntake.Result.Accepted accepted
                        ? ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedResponse.accepted(accepted.id()))
                        : ResponseEntity.ok(new VerificationResponse("verification_code_received")));
    }
}
