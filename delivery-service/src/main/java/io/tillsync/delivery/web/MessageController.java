package io.tillsync.delivery.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillsync.delivery.DeliveryWorker;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.store.AttemptRow;
import io.tillsync.delivery.store.DeliveryLog;
import io.tillsync.delivery.store.DeliveryStatus;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.MessageRow;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A tenant's messages and the delivery log: list messages, read one with its state per endpoint, resend it, and
 * page through attempts filtered by endpoint, message, status, event type and time.
 */
@RestController
@RequestMapping("/api/tenants/{tenant}")
public class MessageController {

    private static final int MAX_LIMIT = 250;

    private final DeliveryLog log;
    private final DeliveryStore deliveries;
    private final DeliveryWorker worker;
    private final ObjectMapper json;

    public MessageController(DeliveryLog log, DeliveryStore deliveries, DeliveryWorker worker, ObjectMapper json) {
        this.log = log;
        this.deliveries = deliveries;
        this.worker = worker;
        this.json = json;
    }

    @GetMapping("/messages")
    public Mono<Page<MessageView>> messages(@PathVariable String tenant,
            @RequestParam(required = false) String eventType, @RequestParam(required = false) String since,
            @RequestParam(required = false) String until, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        int size = limit(limit);
        return log.messages(tenant, blankToNull(eventType), instant("since", since), instant("until", until),
                        Cursor.decode(cursor), size + 1)
                .collectList()
                .map(rows -> page(rows, size, r -> view(r, null), r -> Cursor.encode(r.createdAt(), r.id())));
    }

    @GetMapping("/messages/{messageId}")
    public Mono<MessageView> message(@PathVariable String tenant, @PathVariable String messageId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.MESSAGE.parse(messageId);
        return log.message(tenant, id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("message")))
                .zipWith(log.deliveries(tenant, id).map(d -> new MessageView.DeliveryView(PublicId.ENDPOINT.of(d.endpointId()),
                        d.status(), d.attempts(), d.nextAttemptAt(), d.lastError())).collectList())
                .map(t -> view(t.getT1(), t.getT2()));
    }

    /** Sends the message again now, to one endpoint or to all it went to (trigger manual). */
    @PostMapping("/messages/{messageId}/resend")
    @ApiResponse(responseCode = "200", description = "how many deliveries were queued again", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "endpoint_unavailable: the endpoint does not exist or is disabled")
    public Mono<ReplayResult> resend(@PathVariable String tenant, @PathVariable String messageId,
            @RequestBody(required = false) ResendRequest request, ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        UUID id = PublicId.MESSAGE.parse(messageId);
        UUID endpoint = request == null || request.endpointId() == null ? null : PublicId.ENDPOINT.parse(request.endpointId());
        return log.message(tenant, id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("message")))
                .flatMap(m -> deliveries.resend(tenant, id, endpoint))
                .flatMap(n -> n == 0 && endpoint != null
                        ? Mono.error(new ApiException(HttpStatus.CONFLICT, "endpoint_unavailable",
                                "the endpoint does not exist or is disabled"))
                        : Mono.just(n))
                .doOnNext(n -> worker.wakeUp())
                .map(ReplayResult::new);
    }

    @GetMapping("/attempts")
    public Mono<Page<AttemptView>> attempts(@PathVariable String tenant,
            @RequestParam(required = false) String endpointId, @RequestParam(required = false) String messageId,
            @RequestParam(required = false) String status, @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String since, @RequestParam(required = false) String until,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, tenant);
        int size = limit(limit);
        DeliveryLog.AttemptFilter filter = new DeliveryLog.AttemptFilter(
                endpointId == null ? null : PublicId.ENDPOINT.parse(endpointId),
                messageId == null ? null : PublicId.MESSAGE.parse(messageId),
                outcome(status), blankToNull(eventType), instant("since", since), instant("until", until));
        return log.attempts(tenant, filter, Cursor.decode(cursor), size + 1)
                .collectList()
                .map(rows -> page(rows, size, this::view, r -> Cursor.encode(r.createdAt(), r.id())));
    }

    private static <R, V> Page<V> page(List<R> rows, int size, java.util.function.Function<R, V> view,
            java.util.function.Function<R, String> cursorOf) {
        boolean more = rows.size() > size;
        List<R> shown = more ? rows.subList(0, size) : rows;
        return new Page<>(shown.stream().map(view).toList(), more ? cursorOf.apply(shown.get(size - 1)) : null);
    }

    private MessageView view(MessageRow row, List<MessageView.DeliveryView> deliveries) {
        return new MessageView(PublicId.MESSAGE.of(row.id()), row.eventId(), row.eventType(), row.occurredAt(),
                row.createdAt(), parse(row.payload()), deliveries);
    }

    private AttemptView view(AttemptRow row) {
        return AttemptView.of(row, json);
    }

    private JsonNode parse(String text) {
        return AttemptView.parse(text, json);
    }

    private static String outcome(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String s = status.toUpperCase(Locale.ROOT);
        if (!s.equals(DeliveryStatus.SUCCEEDED.name()) && !s.equals(DeliveryStatus.FAILED.name())) {
            throw ApiException.badRequest("invalid_status", "status is SUCCEEDED or FAILED");
        }
        return s;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be an ISO-8601 instant");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
