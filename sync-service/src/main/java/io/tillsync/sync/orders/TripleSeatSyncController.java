package io.tillsync.sync.orders;

import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The manual tier of order injection, {@code GET /api/sync/tripleseat}: {@code ?event_id=X} injects one event,
 * otherwise a bulk run over the durable queue ({@code hours_back}, default 48). A tenant key acts for its own
 * tenant; the operator key names one with {@code tenant}. The venue is the tripleseat connection
 * {@code connection_id}, else (single mode) the one that reported the event, else the tenant's oldest active one.
 * Answers 404 when there is no such active tripleseat connection.
 */
@RestController
public class TripleSeatSyncController {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final TripleSeatOrderInjector injector;
    private final TripleSeatReconciler reconciler;
    private final OrderInjectionProperties properties;

    public TripleSeatSyncController(TripleSeatOrderInjector injector, TripleSeatReconciler reconciler,
            OrderInjectionProperties properties) {
        this.injector = injector;
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @GetMapping("/api/sync/tripleseat")
    public Mono<TripleSeatSyncResponse> sync(@RequestParam(name = "event_id", required = false) String eventId,
            @RequestParam(name = "hours_back", required = false) Integer hoursBack,
            @RequestParam(name = "tenant", required = false) String tenant,
            @RequestParam(name = "connection_id", required = false) String connectionId, ServerWebExchange exchange) {
        Caller caller = Caller.of(exchange);
        String target = tenant != null ? tenant : caller.tenant();
        if (target == null) {
            throw ApiException.badRequest("tenant_required", "the operator key must name a tenant: ?tenant=...");
        }
        Caller.requireTenant(exchange, target);
        if (eventId != null && hoursBack != null) {
            throw ApiException.badRequest("conflicting_parameters", "give either event_id or hours_back, not both");
        }
        if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
            throw ApiException.badRequest("invalid_event_id", "event_id must be 1-64 letters, digits, '-' or '_'");
        }
        int hours = hoursBack == null ? properties.defaultHoursBack() : hoursBack;
        if (hours < 1 || hours > properties.maxHoursBack()) {
            throw ApiException.badRequest("invalid_hours_back", "hours_back must be between 1 and " + properties.maxHoursBack());
        }
        String correlationId = CorrelationIdWebFilter.of(exchange);
        return venue(target, connectionId, eventId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("active tripleseat connection")))
                .flatMap(venue -> eventId != null
                        ? reconciler.single(venue, eventId, RunTrigger.MANUAL, correlationId)
                        : reconciler.bulk(venue, hours, RunTrigger.MANUAL, correlationId))
                .map(TripleSeatSyncResponse::of);
    }

    /** The named connection; else, for one event, the connection that reported it; else the oldest active one. */
    private Mono<TripleSeatOrderInjector.Venue> venue(String tenant, String connectionId, String eventId) {
        if (connectionId != null) {
            return injector.venue(tenant, connectionId);
        }
        Mono<String> reported = eventId == null ? Mono.empty() : injector.queuedConnection(tenant, eventId);
        return reported.flatMap(id -> injector.venue(tenant, id))
                .switchIfEmpty(Mono.defer(() -> injector.venue(tenant, null)));
    }
}
