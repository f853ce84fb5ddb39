package io.tillsync.sync.orders;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The scheduled tier of order injection: consumes {@code poll.requests} in a consumer group of its own and runs a
 * bulk reconciliation for each {@code TRIPLESEAT_RECONCILE} request (poller-service's safety net, every 45 minutes);
 * requests of other kinds belong to poller-service and are ignored. Failure policy: the kit's — a few in-place
 * retries, then {@code poll.requests.dlt}; a run is idempotent, so a repeated request only re-checks.
 */
@Component
public class TripleSeatReconcileListener {

    private static final Logger log = LoggerFactory.getLogger(TripleSeatReconcileListener.class);

    private final TripleSeatOrderInjector injector;
    private final TripleSeatReconciler reconciler;
    private final OrderInjectionProperties properties;

    public TripleSeatReconcileListener(TripleSeatOrderInjector injector, TripleSeatReconciler reconciler,
            OrderInjectionProperties properties) {
        this.injector = injector;
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @KafkaListener(id = "sync-orders-tripleseat-reconcile", groupId = "sync-orders-tripleseat-reconcile",
            topics = "#{T(io.tillsync.schemas.Topics).POLL_REQUESTS.name()}")
    public void onPollRequest(ConsumerRecord<String, PollRequest> record) {
        PollRequest request = record.value();
        if (request == null || request.getKind() != PollKind.TRIPLESEAT_RECONCILE) {
            return;
        }
        String correlationId = request.getCorrelationId();
        int hoursBack = request.getHoursBack() == null ? properties.defaultHoursBack() : request.getHoursBack();
        RunTrigger trigger = request.getTrigger() == PollTrigger.SCHEDULED ? RunTrigger.SCHEDULED : RunTrigger.MANUAL;
        injector.venue(request.getTenant(), request.getConnectionId())
                .flatMap(venue -> reconciler.bulk(venue, hoursBack, trigger, correlationId))
                .switchIfEmpty(reactor.core.publisher.Mono.fromRunnable(() -> TripleSeatOrderInjector.logWith(correlationId,
                        () -> log.warn("reconcile request {} for tenant {}: no active tripleseat connection {}",
                                request.getRequestId(), request.getTenant(), request.getConnectionId()))))
                .block();
    }
}
