package io.tillsync.poller.clover.kafka;

import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link OpsAlert}s to {@code ops.alerts} (key = tenant). An alert that cannot be published is logged at
 * error level instead: the poll that raised it must go on with the other merchants.
 */
@Component
public class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, OpsAlert> template;

    public AlertPublisher(KafkaTemplate<String, OpsAlert> template) {
        this.template = template;
    }

    public void publish(OpsAlert alert) {
        String key = alert.getTenant() == null ? "ops" : alert.getTenant();
        ProducerRecord<String, OpsAlert> record = new ProducerRecord<>(Topics.OPS_ALERTS.name(), key, alert);
        if (alert.getCorrelationId() != null) {
            Correlation.put(record.headers(), alert.getCorrelationId());
        }
        try {
            template.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("alert {} {} not published (interrupted): {}", alert.getKind(), alert.getSubject(), alert.getMessage());
        } catch (Exception e) {
            log.error("alert {} {} not published: {}", alert.getKind(), alert.getSubject(), alert.getMessage(), e);
        }
    }
}
