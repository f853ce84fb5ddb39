package io.tillsync.platforms.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import java.time.Instant;
import java.util.List;

/**
 * Square webhook checks: {@link SquarePlatform#SIGNATURE_HEADER} = base64(HMAC-SHA256(subscription signature key,
 * notification URL + raw body)), the URL exactly as registered with Square (never the URL a request arrived on:
 * proxies change it). Event type and idempotency id are the body's {@code type} and {@code event_id}
 * (square-java-sdk {@code WebhooksHelper}).
 */
public final class SquareWebhooks implements WebhookAdapter {

    public static Verification verify(List<String> secrets, String signature, String notificationUrl, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + SquarePlatform.SIGNATURE_HEADER + " header");
        }
        if (notificationUrl == null || notificationUrl.isBlank()) {
            return Verification.invalid("the Square connection has no notification_url to verify against");
        }
        byte[] url = WebhookSignatures.utf8(notificationUrl);
        return WebhookSignatures.anyMatches(secrets,
                secret -> WebhookSignatures.hmacSha256(WebhookSignatures.utf8(secret), url, body),
                WebhookSignatures.base64(signature), "Square");
    }

    /** {@code type} and {@code event_id} of the body; a PlatformDataException when either is missing. */
    public static WebhookIdentity identity(JsonNode body) {
        return new WebhookIdentity(WebhookSignatures.required(body, "type", "Square"),
                WebhookSignatures.required(body, "event_id", "Square"));
    }

    @Override
    public Provider provider() {
        return Provider.SQUARE;
    }

    @Override
    public List<String> keptHeaders() {
        return SquarePlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        return verify(secrets, headers.first(SquarePlatform.SIGNATURE_HEADER), notificationUrl, body);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(body);
    }
}
