package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import io.tillsync.platforms.json.PlatformJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Shopify webhook checks: {@link ShopifyPlatform#SIGNATURE_HEADER} = base64(HMAC-SHA256(app client secret, raw
 * body)); the event type is the {@code X-Shopify-Topic} header (shopify-api-js {@code validate.ts}).
 *
 * <p>Shopify signs the body only: the topic and event id headers are not covered by the signature, so a captured
 * body could be replayed under another topic or a new event id. Hence: a {@code *\/delete} topic must carry a delete's
 * body, which is {@code {"id": ...}} and nothing else (help.shopify.com, Flow trigger "Product deleted": "The product
 * ID is the only detail you can get when a product is deleted"), so an update's body is never taken as a delete; and
 * the idempotency id is {@code sha256:} of the signed body, so a replay with a new {@code X-Shopify-Event-Id} is
 * still the same event (Shopify's own retries resend the same body, shopify.dev "Ignore duplicate webhooks").
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

    /**
     * The topic header, checked against the signed body's shape, and the body's digest as idempotency id.
     *
     * @throws PlatformDataException without a topic, or when a delete topic comes with more than a delete's body
     */
    public static WebhookIdentity identity(String topic, byte[] body) {
        if (topic == null || topic.isBlank()) {
            throw new PlatformDataException("Shopify webhook has no " + ShopifyPlatform.TOPIC_HEADER + " header");
        }
        if (topic.endsWith("/delete")) {
            JsonNode tree = PlatformJson.object(body, "Shopify " + topic + " body");
            JsonNode id = tree.get("id");
            if (tree.size() != 1 || id == null || !(id.isIntegralNumber() || id.isTextual())) {
                throw new PlatformDataException("Shopify " + topic + " body is not a delete's body ({\"id\": ...} only)");
            }
        }
        return new WebhookIdentity(topic, "sha256:" + HexFormat.of().formatHex(sha256(body)));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** Needs the raw body: intake calls {@link #identify(Headers, JsonNode, byte[])}. */
    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        throw new UnsupportedOperationException("Shopify webhooks are identified from their raw body");
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body, byte[] raw) {
        return identity(headers.first(ShopifyPlatform.TOPIC_HEADER), raw);
    }

    @Override
    public boolean identifiesFromHeaders() {
        return true;
    }
}
