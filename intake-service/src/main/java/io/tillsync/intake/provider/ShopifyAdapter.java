package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256} = base64(HMAC-SHA256(app client secret, raw body)). The event type is the
 * {@code X-Shopify-Topic} header; the idempotency id is topic + {@code X-Shopify-Event-Id}, falling back to
 * {@code X-Shopify-Webhook-Id} (shopify-api-js {@code validate.ts}, shopify.dev "Ignore duplicate webhooks").
 */
@Component
public class ShopifyAdapter implements ProviderAdapter {

    static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    static final String TOPIC = "X-Shopify-Topic";
    static final String EVENT_ID = "X-Shopify-Event-Id";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";

    @Override
    public String provider() {
        return "shopify";
    }

    @Override
    public List<String> keptHeaders() {
        return List.of("x-shopify-hmac-sha256", "x-shopify-topic", "x-shopify-event-id", "x-shopify-webhook-id",
                "x-shopify-triggered-at", "x-shopify-shop-domain", "x-shopify-api-version");
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        String signature = headers.getFirst(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + SIGNATURE + " header");
        }
        return Signatures.anyMatches(connection.secretsAt(now),
                secret -> Signatures.hmacSha256(Signatures.utf8(secret), body), Signatures.base64(signature), "Shopify");
    }

    @Override
    public boolean identifiesFromHeaders() {
        return true;
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        String topic = headers.getFirst(TOPIC);
        if (topic == null || topic.isBlank()) {
            throw new MalformedWebhookException("Shopify webhook has no " + TOPIC + " header");
        }
        String eventId = headers.getFirst(EVENT_ID);
        String externalId = eventId != null && !eventId.isBlank() ? topic + ":" + eventId : headers.getFirst(WEBHOOK_ID);
        return new WebhookIdentity(topic, externalId);
    }
}
