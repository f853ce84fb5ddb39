package io.tillsync.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.EndpointRow;
import io.tillsync.delivery.store.EndpointStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Operational webhooks: what happens to a tenant's endpoints told to the tenant itself, as Svix does, alongside the
 * operators' {@code ops.alerts}. Each event is a message with one delivery to the tenant's operational endpoint (when it
 * set an active one), so it is signed, retried, logged and recoverable like any other webhook. Events about the
 * operational endpoint itself are not sent (they would feed on themselves); they still reach {@code ops.alerts}.
 */
@Component
public class OperationalWebhooks {

    public static final String ENDPOINT_FAILING = "endpoint.failing";
    public static final String ENDPOINT_DISABLED = "endpoint.disabled";
    public static final String ENDPOINT_ENABLED = "endpoint.enabled";
    public static final String ATTEMPT_EXHAUSTED = "message.attempt.exhausted";
    public static final Set<String> TYPES = Set.of(ENDPOINT_FAILING, ENDPOINT_DISABLED, ENDPOINT_ENABLED,
            ATTEMPT_EXHAUSTED);

    private static final Logger log = LoggerFactory.getLogger(OperationalWebhooks.class);

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final ObjectMapper json;
    private final Clock clock;

    public OperationalWebhooks(EndpointStore endpoints, DeliveryStore deliveries, ObjectMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues one operational event for the tenant's operational endpoint; completes empty when the tenant has none
     * (or it is disabled). A failure to queue is logged, never passed on: the ops alert went out regardless.
     */
    public Mono<Void> emit(String tenant, String type, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", clock.instant().toString());
        body.put("data", data);
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Mono.error(new IllegalStateException("operational event not serialisable", e));
        }
        return endpoints.findOperational(tenant)
                .filter(ep -> EndpointRow.ACTIVE.equals(ep.status()))
                .flatMap(ep -> deliveries.enqueue(tenant, ep.id(), type, payload))
                .then()
                .onErrorResume(e -> {
                    log.warn("Could not queue the operational event {} for tenant {}", type, tenant, e);
                    return Mono.empty();
                });
    }
}
