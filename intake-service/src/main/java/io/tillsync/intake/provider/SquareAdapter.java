package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Square: {@code x-square-hmacsha256-signature} = base64(HMAC-SHA256(subscription signature key, notification URL +
 * raw body)), the URL exactly as registered with Square — the connection's {@code settings.notification_url}, never
 * the URL this request arrived on (proxies change it). Event type and idempotency id are the body's {@code type} and
 * {@code event_id} (square-java-sdk {@code WebhooksHelper}).
 */
@Component
public class SquareAdapter implements ProviderAdapter {

    static final String SIGNATURE = "x-square-hmacsha256-signature";

    @Override
    public String provider() {
        return "square";
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(SIGNATURE, "square-version", "square-initial-delivery-timestamp", "square-retry-number",
                "square-retry-reason");
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        String signature = headers.getFirst(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + SIGNATURE + " header");
        }
        if (connection.notificationUrl() == null || connection.notificationUrl().isBlank()) {
            return Verification.invalid("the Square connection has no notification_url to verify against");
        }
        byte[] url = Signatures.utf8(connection.notificationUrl());
        return Signatures.anyMatches(connection.secretsAt(now),
                secret -> Signatures.hmacSha256(Signatures.utf8(secret), url, body), Signatures.base64(signature), "Square");
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return new WebhookIdentity(Signatures.required(body, "type", "Square"), Signatures.required(body, "event_id", "Square"));
    }
}
