package io.tillsync.sync.orders;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.AlertKind;
import io.tillsync.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator alerts of order injection on {@code ops.alerts} (key = tenant): a TripleSeat credential refused after a
 * fresh token ({@code TOKEN_INVALID}). The alert id is derived from what it is about and {@code dedupe}, so a repeat
 * is recognisable downstream. A failed publication is logged, never fails the run.
 */
@Component
public class OrderAlerts {

    private static final Logger log = LoggerFactory.getLogger(OrderAlerts.class);

    private final TopicPublisher<OpsAlert> alerts;
    private final Clock clock;

    public OrderAlerts(TopicPublishers publishers, ObjectProvider<Clock> clock) {
        this.alerts = publishers.forTopic(Topics.OPS_ALERTS);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    public Mono<Void> raise(String tenant, AlertKind kind, AlertSeverity severity, String subject, String message,
            String dedupe, String correlationId, Map<String, String> attributes) {
        OpsAlert alert = OpsAlert.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes(("orders|" + kind + "|" + tenant + "|" + subject + "|" + dedupe)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setTenant(tenant).setKind(kind.name()).setSeverity(severity).setSubject(subject).setMessage(message)
                .setOccurredAt(clock.instant()).setCorrelationId(correlationId).setAttributes(attributes).build();
        return alerts.send(tenant, alert, correlationId)
                .publishOn(Schedulers.parallel())
                .onErrorResume(e -> {
                    log.error("alert {} for tenant {} not published", kind, tenant, e);
                    return Mono.empty();
                });
    }
}
