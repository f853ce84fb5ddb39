package io.tillsync.sync.orders;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * Answers 404 when there is no such active tripleseat connection. Single runs answer 404 when TripleSeat does not
 * know the event, 500 when its injection failed and 504 past {@code single-timeout}; bulk runs answer 200 with each
 * event's outcome, and 504 only past {@code bulk-timeout}. The body is the same sync answer in every case.
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
    @ApiResponse(responseCode = "200", description = "bulk: what the run injected, skipped or failed (per event); "
            + "single: the event was injected or skipped", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "single: TripleSeat does not know the event (the body says so:"
            + " reason not_found); or not_found: the tenant has no active TripleSeat connection")
    @ApiResponse(responseCode = "500", description = "single: the injection failed (Revel or TripleSeat error in"
            + " events[0].error), body as for 200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "504", description = "the run exceeded its limit (single-timeout, bulk-timeout);"
            + " body as for 200 with success false", useReturnTypeSchema = true)
    public Mono<ResponseEntity<TripleSeatSyncResponse>> sync(
            @RequestParam(name = "event_id", required = false) String eventId,
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
                                .timeout(properties.singleTimeout())
                                .map(run -> ResponseEntity.status(singleStatus(run)).body(TripleSeatSyncResponse.of(run)))
                                .onErrorResume(TimeoutException.class, e -> Mono.just(timedOut(venue, "single",
                                        eventId, properties.singleTimeout(), correlationId)))
                        : reconciler.bulk(venue, hours, RunTrigger.MANUAL, correlationId)
                                .timeout(properties.bulkTimeout())
                                .map(run -> ResponseEntity.ok(TripleSeatSyncResponse.of(run)))
                                .onErrorResume(TimeoutException.class, e -> Mono.just(timedOut(venue, "bulk", null,
                                        properties.bulkTimeout(), correlationId))));
    }

    /**
     * The status of a single run: 404 when TripleSeat does not know the event, 500 when the injection failed (the
     * error names the platform and its answer), else 200. The body is the same in every case.
     */
    static HttpStatus singleStatus(ReconcileSummary run) {
        InjectionOutcome o = run.events().get(0);
        if (o.outcome() == InjectionOutcome.Outcome.FAILED) {
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (o.outcome() == InjectionOutcome.Outcome.SKIPPED && SkipReason.NOT_FOUND.code().equals(o.reason())) {
            return HttpStatus.NOT_FOUND;
        }
        return HttpStatus.OK;
    }

    /**
     * 504 when the run exceeded its limit: a single event is reported failed ("timed out"); a bulk run reports no
     * events (those it finished are stored and visible in the next run) and {@code truncated}.
     */
    private static ResponseEntity<TripleSeatSyncResponse> timedOut(TripleSeatOrderInjector.Venue venue, String mode,
            String eventId, Duration limit, String correlationId) {
        String error = "run exceeded its limit of " + limit.toSeconds() + " s";
        List<InjectionOutcome> events = eventId == null ? List.of()
                : List.of(InjectionOutcome.failed(eventId, null, error));
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(TripleSeatSyncResponse.of(
                new ReconcileSummary(venue.tenant(), mode, correlationId, events, eventId == null)).failedRun());
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
