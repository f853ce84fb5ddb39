package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import java.time.Instant;
import java.util.List;

/**
 * Shopify webhook checks: {@link ShopifyPlatform#SIGNATURE_HEADER} = base64(HMAC-SHA256(app client secret, raw
 * body)); the event type is the {@code X-Shopify-Topic} header; the idempotency id is topic + {@code X-Shopify-Event-Id},
 * falling back to {@code X-Shopify-Webhook-Id} (shopify-api-js {@code validate.ts}, shopify.dev "Ignore duplicate
 * webhooks").
 */
public final class ShopifyWebhooks implements WebhookAdapter {

    public static Verification verify(List<String> secrets, String signature, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + ShopifyPlatform.SIGNATURE_HEADER + " header");
        }
        return WebhookSignatures.anyMatches(secrets,
                secret -> WebhookSignatures.hmacSha256(WebhookSignatures.utf8(secret), body),
                WebhookSignatures.base64(signature), "Shopify");
    }

    /** From the headers alone; the body is not read. */
    public static WebhookIdentity identity(String topic, String eventId, String webhookId) {
        if (topic == null || topic.isBlank()) {
            throw new PlatformDataException("Shopify webhook has no " + ShopifyPlatform.TOPIC_HEADER + " header");
        }
        String externalId = eventId != null && !eventId.isBlank() ? topic + ":" + eventId : webhookId;
        return new WebhookIdentity(topic, externalId);
    }

    @Override
    public Provider provider() {
        return Provider.SHOPIFY;
    }

    @Override
    public List<String> keptHeaders() {
        return ShopifyPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        return verify(secrets, headers.first(ShopifyPlatform.SIGNATURE_HEADER), body);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(headers.first(ShopifyPlatform.TOPIC_HEADER), headers.first(ShopifyPlatform.EVENT_ID_HEADER),
                headers.first(ShopifyPlatform.WEBHOOK_ID_HEADER));
    }

    @Override
    public boolean identifiesFromHeaders() {
        return true;
    }
}
