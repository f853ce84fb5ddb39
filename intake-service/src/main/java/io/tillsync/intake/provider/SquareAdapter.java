package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.square.SquarePlatform;
import io.tillsync.platforms.square.SquareWebhooks;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Square webhooks at intake, checked and identified by {@link SquareWebhooks} against the connection's
 * {@code settings.notification_url} (never the URL this request arrived on: proxies change it).
 */
@Component
public class SquareAdapter implements ProviderAdapter {

    @Override
    public String provider() {
        return Provider.SQUARE.id();
    }

    @Override
    public List<String> keptHeaders() {
        return SquarePlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return SquareWebhooks.verify(connection.secretsAt(now), headers.getFirst(SquarePlatform.SIGNATURE_HEADER),
                connection.notificationUrl(), body);
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return SquareWebhooks.identity(body);
    }
}
