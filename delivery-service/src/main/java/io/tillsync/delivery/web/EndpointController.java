package io.tillsync.delivery.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillsync.delivery.DeliveryWorker;
import io.tillsync.delivery.EventTypes;
import io.tillsync.delivery.OperationalWebhooks;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.TargetGuard;
import io.tillsync.delivery.WebhookSigner;
import io.tillsync.delivery.config.DeliveryProperties;
import io.tillsync.delivery.store.DeliveryLog;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.EndpointSettings;
import io.tillsync.delivery.store.EndpointRow;
import io.tillsync.delivery.store.EndpointStore;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.web.ApiException;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A tenant's webhook endpoints: create, list (cursor pages), read, update, disable/enable, delete, read and rotate the
 * signing secret, recover failed and skipped deliveries, send a test event, and read recent statistics. A tenant key
 * acts only on its own tenant (403 otherwise) and another tenant's endpoint ids answer 404.
 */
@RestController
@RequestMapping("/api/tenants/{tenant}/endpoints")
public class EndpointController {

    private static final int MAX_LIMIT = 250;

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final TargetGuard guard;
    private final SecretBox secretBox;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final DeliveryLog log;
    private final DeliveryWorker worker;
    private final OperationalWebhooks operational;
    private final ObjectMapper json;

    public EndpointController(EndpointStore endpoints, DeliveryStore deliveries, TargetGuard guard, SecretBox secretBox,
            DeliveryProperties properties, Clock clock, DeliveryLog log, DeliveryWorker worker,
            OperationalWebhooks operational, ObjectMapper json) {
        this.log = log;
        this.worker = worker;
        this.operational = operational;
        this.json = json;
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
        EndpointSettings settings = settings(request, types);
        return checkTarget(request.url())
                .then(endpoints.insert(tenant, settings, secretBox.encrypt(secret), false))
                .map(row -> EndpointView.of(row, secret));
    }

    /** The tenant's endpoints in creation order, a page at a time: pass {@code nextCursor} as {@code cursor}. */
    @GetMapping
    public Mono<Page<EndpointView>> list(@PathVariable String tenant, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return endpoints.list(tenant, Cursor.decode(cursor), limit + 1).collectList().map(rows -> {
            boolean more = rows.size() > limit;
            List<EndpointRow> shown = more ? rows.subList(0, limit) : rows;
            EndpointRow last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            return new Page<>(shown.stream().map(EndpointView::of).toList(),
                    more ? Cursor.encode(last.createdAt(), last.id()) : null);
        });
    }

    static EndpointSettings settings(EndpointRequest request, List<String> types) {
        return new EndpointSettings(request.name(), request.url(), request.description(), types,
                EndpointHeaders.validate(request.headers()), request.timeout(), request.rateLimitPerSecond());
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
        EndpointSettings settings = settings(request, types);
        return checkTarget(request.url())
                .then(found(endpoints.update(tenant, id, settings)))
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
        return found(endpoints.disable(tenant, PublicId.ENDPOINT.parse(endpointId), reason))
                .flatMap(row -> tell(row, OperationalWebhooks.ENDPOINT_DISABLED, "manual").thenReturn(row))
                .map(EndpointView::of);
    }

    /**
     * Enables the endpoint (and resets its failure streak). When it was disabled, the answer offers to recover what
     * failed or was skipped during the outage: {@code recover} names the time, the count and the route.
     */
    @PostMapping("/{endpointId}/enable")
    public Mono<EndpointView> enable(@PathVariable String tenant, @PathVariable String endpointId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        return found(endpoints.enable(tenant, PublicId.ENDPOINT.parse(endpointId))).flatMap(enabled -> {
            EndpointRow row = enabled.endpoint();
            if (enabled.wasDisabledAt() == null) {
                return Mono.just(EndpointView.of(row));
            }
            String path = "/api/tenants/" + tenant + "/endpoints/" + PublicId.ENDPOINT.of(row.id()) + "/recover";
            return tell(row, OperationalWebhooks.ENDPOINT_ENABLED, null)
                    .then(deliveries.recoverable(row.id(), enabled.outageSince()))
                    .map(n -> EndpointView.of(row, null, new EndpointView.RecoverOffer(enabled.outageSince(),
                            enabled.wasDisabledAt(), n, path)));
        });
    }

    /**
     * Sends a {@code tillsync.test} event to this endpoint through the normal path (stored, claimed, signed, POSTed,
     * logged) and answers with its attempt once made; 504 {@code test_timeout} if none was recorded in time (the
     * attempt log will still show it).
     */
    @PostMapping("/{endpointId}/test")
    @ApiResponse(responseCode = "200", description = "the test attempt", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "endpoint_disabled: enable the endpoint first")
    public Mono<AttemptView> test(@PathVariable String tenant, @PathVariable String endpointId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.ENDPOINT.parse(endpointId);
        return found(endpoints.find(tenant, id)).flatMap(row -> {
            if (!EndpointRow.ACTIVE.equals(row.status())) {
                return Mono.error(new ApiException(HttpStatus.CONFLICT, "endpoint_disabled",
                        "enable the endpoint before sending it a test event"));
            }
            Duration wait = (row.timeoutSeconds() == null ? properties.http().totalTimeout()
                    : Duration.ofSeconds(row.timeoutSeconds())).plusSeconds(10);
            return deliveries.enqueue(tenant, id, EventTypes.TEST, testPayload(endpointId))
                    .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.CONFLICT, "endpoint_disabled",
                            "enable the endpoint before sending it a test event")))
                    .doOnNext(delivery -> worker.wakeUp())
                    .flatMap(delivery -> Mono.defer(() -> log.firstAttempt(delivery))
                            .repeatWhenEmpty(Integer.MAX_VALUE, ticks -> ticks.concatMap(
                                    tick -> Mono.delay(Duration.ofMillis(100))))
                            .timeout(wait, Mono.error(() -> new ApiException(HttpStatus.GATEWAY_TIMEOUT, "test_timeout",
                                    "no attempt was recorded in time; the attempt log will show it"))))
                    .map(attempt -> AttemptView.of(attempt, json));
        });
    }

    /** Attempts, success rate and latency over the last hour and day, and the current in-flight bound. */
    @GetMapping("/{endpointId}/stats")
    public Mono<EndpointStatsView> stats(@PathVariable String tenant, @PathVariable String endpointId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.ENDPOINT.parse(endpointId);
        Instant now = clock.instant();
        return found(endpoints.find(tenant, id))
                .flatMap(row -> Mono.zip(log.stats(id, now.minus(Duration.ofHours(1))),
                        log.stats(id, now.minus(Duration.ofDays(1)))))
                .map(t -> new EndpointStatsView(endpointId, EndpointStatsView.Window.of(t.getT1()),
                        EndpointStatsView.Window.of(t.getT2()), worker.concurrency(id)));
    }

    private String testPayload(String endpointId) {
        try {
            return json.writeValueAsString(Map.of("type", EventTypes.TEST, "timestamp", clock.instant().toString(),
                    "data", Map.of("endpointId", endpointId, "message", "test event sent from the Tillsync API")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant's operational endpoint hears of what happened to one of its other endpoints. */
    private Mono<Void> tell(EndpointRow row, String type, String trigger) {
        if (row.operational()) {
            return Mono.empty();
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("endpointId", PublicId.ENDPOINT.of(row.id()));
        if (trigger != null) {
            data.put("trigger", trigger);
        }
        return operational.emit(row.tenant(), type, data).doOnTerminate(worker::wakeUp);
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
        return found(endpoints.rotate(tenant, PublicId.ENDPOINT.parse(endpointId), secretBox.encrypt(secret),
                properties.previousSecretTtl())).map(this::secretView);
    }

    /**
     * Resends every FAILED or SKIPPED delivery of this endpoint created since the given time, in the order of their
     * events.
     */
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
                .doOnNext(n -> worker.wakeUp())
                .map(ReplayResult::new);
    }

    private SecretView secretView(EndpointRow row) {
        boolean previousActive = row.previousSecretEnc() != null && row.previousSecretExpiresAt() != null
                && row.previousSecretExpiresAt().isAfter(clock.instant());
        return new SecretView(secretBox.decrypt(row.secretEnc()),
                previousActive ? secretBox.decrypt(row.previousSecretEnc()) : null,
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
