package io.tillsync.poller.poll;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.schemas.AlertKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The alerts every poller raises on {@code ops.alerts} (key = tenant): {@code TOKEN_INVALID} (CRITICAL, one per
 * connection and refused token: its id is derived from both) and {@code POLL_FAILED} (WARNING) after n failed polls
 * in a row. An alert that cannot be published is logged; polling goes on.
 */
@Component
public class PollAlerts {

    private static final Logger log = LoggerFactory.getLogger(PollAlerts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TopicPublisher<OpsAlert> alerts;

    public PollAlerts(TopicPublisher<OpsAlert> alerts) {
        this.alerts = alerts;
    }

    /** The platform refused the connection's token ({@code status} 401 or 403). */
    public void tokenInvalid(String tenant, String provider, String connectionId, String account, String tokenHash,
            int status, String correlationId) {
        String subject = account != null ? account : connectionId;
        publish(OpsAlert.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes(("TOKEN_INVALID|" + connectionId + "|" + tokenHash)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setTenant(tenant).setKind(AlertKind.TOKEN_INVALID.name()).setSeverity(AlertSeverity.CRITICAL)
                .setSubject(subject)
                .setMessage(label(provider) + " refused the API token of " + subject + " (" + status
                        + "); polling of connection " + connectionId + " is stopped until it gets a new token")
                .setOccurredAt(Instant.now()).setCorrelationId(correlationId)
                .setAttributes(attributes(provider, connectionId, account))
                .build());
    }

    /** The connection's polls failed {@code streak} times in a row. */
    public void pollFailed(String tenant, String provider, String connectionId, String account, int streak,
            String error, String correlationId) {
        String subject = account != null ? account : connectionId;
        publish(OpsAlert.newBuilder().setAlertId(UUID.randomUUID().toString()).setTenant(tenant)
                .setKind(AlertKind.POLL_FAILED.name()).setSeverity(AlertSeverity.WARNING).setSubject(subject)
                .setMessage("polling " + label(provider) + " " + subject + " failed " + streak + " times in a row: "
                        + error)
                .setOccurredAt(Instant.now()).setCorrelationId(correlationId)
                .setAttributes(attributes(provider, connectionId, account))
                .build());
    }

    private static Map<String, String> attributes(String provider, String connectionId, String account) {
        return account == null ? Map.of("provider", provider, "connectionId", connectionId)
                : Map.of("provider", provider, "connectionId", connectionId, "merchantId", account);
    }

    private static String label(String provider) {
        return provider.isEmpty() ? provider : Character.toUpperCase(provider.charAt(0)) + provider.substring(1);
    }

    private void publish(OpsAlert alert) {
        try {
            alerts.send(alert.getTenant() == null ? "ops" : alert.getTenant(), alert, alert.getCorrelationId())
                    .block(TIMEOUT);
        } catch (RuntimeException e) {
            log.error("alert {} {} not published: {}", alert.getKind(), alert.getSubject(), alert.getMessage(), e);
        }
    }
}
