package io.tillsync.delivery.web;

import io.tillsync.delivery.OperationalWebhooks;
import io.tillsync.delivery.TargetGuard;
import io.tillsync.delivery.WebhookSigner;
import io.tillsync.delivery.store.EndpointSettings;
import io.tillsync.delivery.store.EndpointStore;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.web.ApiException;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A tenant's operational endpoint (at most one): set it, read it, remove it. It is an endpoint like the others (its
 * id works on every {@code /endpoints/{ep}} route: secret, rotate, disable, enable, recover, test, stats) except that
 * it receives only the operational events ({@link OperationalWebhooks}), never platform events, and is not listed
 * with the others.
 */
@RestController
@RequestMapping("/api/tenants/{tenant}/operational-endpoint")
public class OperationalEndpointController {

    private final EndpointStore endpoints;
    private final TargetGuard guard;
    private final SecretBox secretBox;

    public OperationalEndpointController(EndpointStore endpoints, TargetGuard guard, SecretBox secretBox) {
        this.endpoints = endpoints;
        this.guard = guard;
        this.secretBox = secretBox;
    }

    /** Creates the operational endpoint (answer with its secret) or changes its URL, headers and timeout. */
    @PutMapping
    public Mono<EndpointView> put(@PathVariable String tenant, @Valid @RequestBody OperationalEndpointRequest request,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        EndpointSettings settings = new EndpointSettings("operational", request.url(), request.description(),
                List.of(), EndpointHeaders.validate(request.headers()), request.timeout(), null);
        return checkTarget(request.url()).then(endpoints.findOperational(tenant)
                .flatMap(existing -> {
                    if (request.secret() != null) {
                        return Mono.<EndpointView>error(ApiException.badRequest("secret_not_updatable",
                                "change the secret with POST .../endpoints/{ep}/secret/rotate"));
                    }
                    return endpoints.update(tenant, existing.id(), settings).map(EndpointView::of);
                })
                .switchIfEmpty(Mono.defer(() -> {
                    String secret = request.secret() == null || request.secret().isBlank()
                            ? WebhookSigner.newSecret() : request.secret();
                    if (!WebhookSigner.isValidSecret(secret)) {
                        return Mono.error(ApiException.badRequest("invalid_secret",
                                "secret must be whsec_ followed by base64 of 24 to 64 bytes"));
                    }
                    return endpoints.insert(tenant, settings, secretBox.encrypt(secret), true)
                            .map(row -> EndpointView.of(row, secret));
                })));
    }

    @GetMapping
    public Mono<EndpointView> get(@PathVariable String tenant, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return endpoints.findOperational(tenant).map(EndpointView::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("operational endpoint")));
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable String tenant, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return endpoints.findOperational(tenant)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("operational endpoint")))
                .flatMap(row -> endpoints.delete(tenant, row.id())).then();
    }

    private Mono<Void> checkTarget(String url) {
        return Mono.fromCallable(() -> guard.refusal(url)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.error(ApiException.badRequest("target_not_allowed", "url refused: " + refusal.get()))
                        : Mono.empty());
    }
}
