package io.tillsync.sync.connection;

import io.tillsync.kit.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Connections and sync rules API, {@code /api/tenants/{tenant}/connections}. A tenant key acts only on its own
 * path (403 elsewhere); a connection of another tenant is 404. Secrets are write-only.
 */
@RestController
@RequestMapping("/api/tenants/{tenant}/connections")
public class ConnectionController {

    private final ConnectionService connections;

    public ConnectionController(ConnectionService connections) {
        this.connections = connections;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ConnectionView> create(@PathVariable String tenant, @RequestBody(required = false) ConnectionRequest body,
            ServerWebExchange exchange) {
        Caller caller = Caller.requireTenant(exchange, tenant);
        return connections.create(tenant, body, caller).map(ConnectionView::of);
    }

    @GetMapping
    public Flux<ConnectionView> list(@PathVariable String tenant, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return connections.list(tenant).map(ConnectionView::of);
    }

    @GetMapping("/{id}")
    public Mono<ConnectionView> get(@PathVariable String tenant, @PathVariable String id, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return connections.get(tenant, id).map(ConnectionView::of);
    }

    @PatchMapping("/{id}")
    public Mono<ConnectionView> update(@PathVariable String tenant, @PathVariable String id,
            @RequestBody(required = false) ConnectionRequest body, ServerWebExchange exchange) {
        Caller caller = Caller.requireTenant(exchange, tenant);
        return connections.update(tenant, id, body, caller).map(ConnectionView::of);
    }

    /**
     * Ends a secret rotation's grace at once: the previous webhook secret stops verifying on every intake replica
     * within a second (for a leaked secret that was just replaced).
     */
    @PostMapping("/{id}/secret/revoke-previous")
    public Mono<ConnectionView> revokePreviousSecret(@PathVariable String tenant, @PathVariable String id,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return connections.revokePreviousSecret(tenant, id).map(ConnectionView::of);
    }

    @PostMapping("/{id}/disable")
    public Mono<ConnectionView> disable(@PathVariable String tenant, @PathVariable String id, ServerWebExchange exchange) {
        Caller caller = Caller.requireTenant(exchange, tenant);
        return connections.disable(tenant, id, caller).map(ConnectionView::of);
    }
}
