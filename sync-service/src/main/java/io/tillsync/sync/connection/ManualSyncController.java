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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Manual availability sync, {@code POST /api/clients/{slug}/sync-availability}: asks poller-service (through a
 * {@link PollRequest} on {@code poll.requests}) to poll every POS connection of the tenant now, and answers 202.
 * 400 {@code no_pos_connection} when the tenant has no active clover/square/toast/shopify connection; a tenant key
 * may only sync its own tenant.
 */
@RestController
public class ManualSyncController {

    private static final List<String> POS = Arrays.stream(Provider.values()).filter(Provider::pos).map(Provider::id).toList();

    private final ConnectionStore connections;
    private final TopicPublisher<PollRequest> pollRequests;
    private final Clock clock;

    public ManualSyncController(ConnectionStore connections, TopicPublishers publishers, ObjectProvider<Clock> clock) {
        this.connections = connections;
        this.pollRequests = publishers.forTopic(Topics.POLL_REQUESTS);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /** The 202 answer: the request id to look for in poller-service's logs and the connections it covers. */
    public record SyncAccepted(String requestId, String tenant, List<String> connections) {
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
        return connections.active(slug, POS).map(Connection::id).collectList().flatMap(ids -> {
            if (ids.isEmpty()) {
                return Mono.error(ApiException.badRequest("no_pos_connection",
                        "tenant " + slug + " has no active POS connection (clover, square, toast, shopify)"));
            }
            PollRequest request = PollRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setTenant(slug)
                    .setKind(PollKind.CATALOG).setTrigger(PollTrigger.MANUAL).setHoursBack(hoursBack)
                    .setRequestedAt(clock.instant()).setCorrelationId(correlationId).build();
            return pollRequests.send(slug, request, correlationId).thenReturn(new SyncAccepted(request.getRequestId(), slug, ids));
        });
    }
}
