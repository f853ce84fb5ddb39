package io.tillsync.sync.connection;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import io.tillsync.platforms.Provider;
import io.tillsync.schemas.Topics;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Manual availability sync. {@code POST /api/clients/{slug}/sync-availability} records which active POS connections
 * (clover, square, toast, shopify) the request covers, asks poller-service (a {@link PollRequest} on
 * {@code poll.requests}) to poll each of them now, and answers 202 with the request id and each connection with its
 * provider; 400 {@code no_pos_connection} when the tenant has none. {@code GET .../sync-availability/{requestId}}
 * answers each connection's {@code queued}, {@code running}, {@code done} (items seen, changes published) or
 * {@code failed} (reason), from {@link ManualSyncStatusStore}; 404 for a request of another tenant. A tenant key may
 * only sync, and read, its own tenant.
 */
@RestController
public class ManualSyncController {

    private static final List<String> POS = Arrays.stream(Provider.values()).filter(Provider::pos).map(Provider::id).toList();

    private final ConnectionStore connections;
    private final ManualSyncStatusStore statuses;
    private final TopicPublisher<PollRequest> pollRequests;
    private final Clock clock;

    public ManualSyncController(ConnectionStore connections, ManualSyncStatusStore statuses,
            TopicPublishers publishers, ObjectProvider<Clock> clock) {
        this.connections = connections;
        this.statuses = statuses;
        this.pollRequests = publishers.forTopic(Topics.POLL_REQUESTS);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /**
     * The 202 answer: the request id (for the status URL and poller-service's logs) and the connections it covers.
     *
     * @param statusUrl where to follow the request
     */
    public record SyncAccepted(String requestId, String tenant, String statusUrl, List<SyncConnection> connections) {
    }

    /** One connection a manual sync covers, with its provider and the request it belongs to. */
    public record SyncConnection(String connectionId, String provider, String requestId, String status) {
    }

    /**
     * A manual sync's progress: each connection's status and, overall, {@code done} when every connection is done,
     * {@code failed} when all finished and one failed, else {@code running} or {@code queued}.
     */
    public record SyncStatus(String requestId, String tenant, String status,
            List<ManualSyncStatusStore.ConnectionStatus> connections) {
    }

    @PostMapping("/api/clients/{slug}/sync-availability")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<SyncAccepted> sync(@PathVariable String slug, @RequestParam(required = false) Integer hoursBack,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, slug);
        if (hoursBack != null && (hoursBack < 1 || hoursBack > 720)) {
            return Mono.error(ApiException.badRequest("invalid_hours_back", "hoursBack must be 1 to 720"));
        }
        String correlationId = CorrelationIdWebFilter.of(exchange);
        return connections.active(slug, POS).collectList().flatMap(active -> {
            if (active.isEmpty()) {
                return Mono.error(ApiException.badRequest("no_pos_connection",
                        "tenant " + slug + " has no active POS connection (clover, square, toast, shopify)"));
            }
            PollRequest request = PollRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setTenant(slug)
                    .setKind(PollKind.CATALOG).setTrigger(PollTrigger.MANUAL).setHoursBack(hoursBack)
                    .setRequestedAt(clock.instant()).setCorrelationId(correlationId).build();
            String requestId = request.getRequestId();
            List<SyncConnection> covered = active.stream()
                    .map(c -> new SyncConnection(c.id(), c.provider(), requestId, "queued")).toList();
            return statuses.record(requestId, slug, active)
                    .then(pollRequests.send(slug, request, correlationId))
                    .thenReturn(new SyncAccepted(requestId, slug,
                            "/api/clients/" + slug + "/sync-availability/" + requestId, covered));
        });
    }

    @GetMapping("/api/clients/{slug}/sync-availability/{requestId}")
    public Mono<SyncStatus> status(@PathVariable String slug, @PathVariable String requestId,
            ServerWebExchange exchange) {
        Caller.requireTenant(exchange, slug);
        return statuses.statuses(slug, requestId).flatMap(list -> list.isEmpty()
                ? Mono.error(ApiException.notFound("manual sync " + requestId))
                : Mono.just(new SyncStatus(requestId, slug, overall(list), list)));
    }

    private static String overall(List<ManualSyncStatusStore.ConnectionStatus> list) {
        boolean finished = list.stream().allMatch(c -> "done".equals(c.status()) || "failed".equals(c.status()));
        if (finished) {
            return list.stream().anyMatch(c -> "failed".equals(c.status())) ? "failed" : "done";
        }
        return list.stream().allMatch(c -> "queued".equals(c.status())) ? "queued" : "running";
    }
}
