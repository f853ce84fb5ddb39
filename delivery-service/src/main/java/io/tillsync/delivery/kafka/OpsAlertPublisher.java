package io.tillsync.delivery.kafka;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.schemas.Topics;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes delivery alerts (failing streaks, auto-disable, exhausted retries) to {@code ops.alerts}, key = tenant. */
@Component
public class OpsAlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(OpsAlertPublisher.class);

    private final KafkaTemplate<String, OpsAlert> template;
    private final Clock clock;

    public OpsAlertPublisher(KafkaTemplate<String, OpsAlert> opsAlertTemplate, Clock clock) {
        this.template = opsAlertTemplate;
        this.clock = clock;
    }

    public void publish(String tenant, String kind, AlertSeverity severity, String subject, String message,
            Map<String, String> attributes) {
        OpsAlert alert = OpsAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString())
                .setTenant(tenant)
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(subject)
                .setMessage(message)
                .setOccurredAt(clock.instant())
                .setAttributes(Map.copyOf(attributes))
                .build();
        template.send(Topics.OPS_ALERTS.name(), tenant, alert).whenComplete((ok, e) -> {
            if (e != null) {
                log.error("Could not publish {} alert for {}", kind, subject, e);
            }
        });
    }
}
