package io.tillsync.platforms.toast;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import java.time.Instant;
import java.util.List;

/**
 * Toast webhook checks: {@link ToastPlatform#SIGNATURE_HEADER} = base64(HMAC-SHA256(per-subscription secret, body +
 * timestamp)). Event type and idempotency id are the body's {@code eventType} and {@code guid}
 * (doc.toasttab.com apiMessageSigning).
 *
 * <p>(unconfirmed) Which timestamp Toast appends is not confirmed: the {@link ToastPlatform#TIMESTAMP_HEADER} header
 * as sent is appended to the body ({@link #signedBytes}). Change those two if Toast's docs say otherwise.
 */
public final class ToastWebhooks implements WebhookAdapter {

    public static Verification verify(List<String> secrets, String signature, String timestamp, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + ToastPlatform.SIGNATURE_HEADER + " header");
        }
        byte[][] signed = signedBytes(body, timestamp);
        return WebhookSignatures.anyMatches(secrets,
                secret -> WebhookSignatures.hmacSha256(WebhookSignatures.utf8(secret), signed),
                WebhookSignatures.base64(signature), "Toast");
    }

    /** (unconfirmed) The bytes Toast signs: the raw body followed by the timestamp header's value. */
    public static byte[][] signedBytes(byte[] body, String timestamp) {
        return new byte[][] {body, WebhookSignatures.utf8(timestamp == null ? "" : timestamp)};
    }

    /** {@code eventType} and {@code guid} of the body; a PlatformDataException when either is missing. */
    public static WebhookIdentity identity(JsonNode body) {
        return new WebhookIdentity(WebhookSignatures.required(body, "eventType", "Toast"),
                WebhookSignatures.required(body, "guid", "Toast"));
    }

    @Override
    public Provider provider() {
        return Provider.TOAST;
    }

    @Override
    public List<String> keptHeaders() {
        return ToastPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        return verify(secrets, headers.first(ToastPlatform.SIGNATURE_HEADER), headers.first(ToastPlatform.TIMESTAMP_HEADER),
                body);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(body);
    }
}
