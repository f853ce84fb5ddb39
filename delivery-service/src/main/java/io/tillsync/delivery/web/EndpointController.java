package io.tillsync.delivery.web;

import io.tillsync.delivery.EventTypes;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.TargetGuard;
import io.tillsync.delivery.WebhookSigner;
import io.tillsync.delivery.config.DeliveryProperties;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.EndpointRow;
import io.tillsync.delivery.store.EndpointStore;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.kit.web.ApiException;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A tenant's webhook endpoints: create, list, read, update, disable/enable, delete, read and rotate the signing
 * secret, and recover failed deliveries. A tenant key acts only on its own tenant (403 otherwise) and another
 * tenant's endpoint ids answer 404.
 */
@RestController
@RequestMapping("/api/tenants/{tenant}/endpoints")
public class EndpointController {

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final TargetGuard guard;
    private final SecretBox secretBox;
    private final DeliveryProperties properties;
    private final Clock clock;

    public EndpointController(EndpointStore endpoints, DeliveryStore deliveries, TargetGuard guard, SecretBox secretBox,
            DeliveryProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = guard;
        this.secretBox = secretBox;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<EndpointView> create(@PathVariable String tenant, @Valid @RequestBody EndpointRequest request,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        List<String> types = EventTypes.validateFilter(request.eventTypes());
        String secret = request.secret() == null || request.secret().isBlank() ? WebhookSigner.newSecret() : request.secret();
        if (!WebhookSigner.isValidSecret(secret)) {
            throw ApiException.badRequest("invalid_secret", "secret must be whsec_ followed by base64 of 24 to 64 bytes");
        }
        UUID id = UUID.randomUUID();
        return checkTarget(request.url())
                .then(endpoints.insert(id, tenant, request.name(), request.url(), request.description(), types,
                        secretBox.encrypt(secret, SecretField.ENDPOINT_SECRET.at(id.toString()))))
                .map(row -> EndpointView.of(row, secret));
    }

    @GetMapping
    public Flux<EndpointView> list(@PathVariable String tenant, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return endpoints.list(tenant).map(EndpointView::of);
    }

    @GetMapping("/{endpointId}")
    public Mono<EndpointView> get(@PathVariable String tenant, @PathVariable String endpointId, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return found(endpoints.find(tenant, PublicId.ENDPOINT.parse(endpointId))).map(EndpointView::of);
    }

    @PutMapping("/{endpointId}")
    public Mono<EndpointView> update(@PathVariable String tenant, @PathVariable String endpointId,
            @Valid @RequestBody EndpointRequest request, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.ENDPOINT.parse(endpointId);
        List<String> types = EventTypes.validateFilter(request.eventTypes());
        if (request.secret() != null) {
            throw ApiException.badRequest("secret_not_updatable", "change the secret with POST .../secret/rotate");
        }
        return checkTarget(request.url())
                .then(found(endpoints.update(tenant, id, request.name(), request.url(), request.description(), types)))
                .map(EndpointView::of);
    }

    @DeleteMapping("/{endpointId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable String tenant, @PathVariable String endpointId, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return endpoints.delete(tenant, PublicId.ENDPOINT.parse(endpointId))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(ApiException.notFound("endpoint")));
    }

    @PostMapping("/{endpointId}/disable")
    public Mono<EndpointView> disable(@PathVariable String tenant, @PathVariable String endpointId,
            @Valid @RequestBody(required = false) DisableRequest request, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        String reason = request == null || request.reason() == null || request.reason().isBlank()
                ? "disabled manually" : request.reason();
        return found(endpoints.disable(tenant, PublicId.ENDPOINT.parse(endpointId), reason)).map(EndpointView::of);
    }

    @PostMapping("/{endpointId}/enable")
    public Mono<EndpointView> enable(@PathVariable String tenant, @PathVariable String endpointId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return found(endpoints.enable(tenant, PublicId.ENDPOINT.parse(endpointId))).map(EndpointView::of);
    }

    /** The secret in clear, for a tenant that needs it again to verify signatures. */
    @GetMapping("/{endpointId}/secret")
    public Mono<SecretView> secret(@PathVariable String tenant, @PathVariable String endpointId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return found(endpoints.find(tenant, PublicId.ENDPOINT.parse(endpointId))).map(this::secretView);
    }

    @PostMapping("/{endpointId}/secret/rotate")
    public Mono<SecretView> rotate(@PathVariable String tenant, @PathVariable String endpointId,
            @RequestBody(required = false) RotateRequest request, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        String secret = request == null || request.secret() == null || request.secret().isBlank()
                ? WebhookSigner.newSecret() : request.secret();
        if (!WebhookSigner.isValidSecret(secret)) {
            throw ApiException.badRequest("invalid_secret", "secret must be whsec_ followed by base64 of 24 to 64 bytes");
        }
        UUID id = PublicId.ENDPOINT.parse(endpointId);
        return found(endpoints.rotate(tenant, id, secretBox.encrypt(secret, SecretField.ENDPOINT_SECRET.at(id.toString())),
                properties.previousSecretTtl())).map(this::secretView);
    }

    /** Resends every FAILED delivery of this endpoint created since the given time. */
    @PostMapping("/{endpointId}/recover")
    public Mono<ReplayResult> recover(@PathVariable String tenant, @PathVariable String endpointId,
            @Valid @RequestBody RecoverRequest request, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.ENDPOINT.parse(endpointId);
        return found(endpoints.find(tenant, id))
                .flatMap(row -> EndpointRow.ACTIVE.equals(row.status())
                        ? deliveries.recover(tenant, id, request.since())
                        : Mono.error(new ApiException(HttpStatus.CONFLICT, "endpoint_disabled",
                                "enable the endpoint before recovering its messages")))
                .map(ReplayResult::new);
    }

    private SecretView secretView(EndpointRow row) {
        boolean previousActive = row.previousSecretEnc() != null && row.previousSecretExpiresAt() != null
                && row.previousSecretExpiresAt().isAfter(clock.instant());
        SecretField.At at = SecretField.ENDPOINT_SECRET.at(row.id().toString());
        return new SecretView(secretBox.decrypt(row.secretEnc(), at),
                previousActive ? secretBox.decrypt(row.previousSecretEnc(), at) : null,
                previousActive ? row.previousSecretExpiresAt() : null);
    }

    private Mono<Void> checkTarget(String url) {
        return Mono.fromCallable(() -> guard.refusal(url)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.error(ApiException.badRequest("target_not_allowed", "url refused: " + refusal.get()))
                        : Mono.empty());
    }

    private static <T> Mono<T> found(Mono<T> row) {
        return row.switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint")));
    }
}
