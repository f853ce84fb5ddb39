package io.tillsync.platforms.toast;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Toast webhook checks: {@link ToastPlatform#SIGNATURE_HEADER} = base64(HMAC-SHA256(per-subscription secret, body +
 * timestamp)). Event type and idempotency id are the body's {@code eventType} and {@code guid}
 * (doc.toasttab.com apiMessageSigning).
 *
 * <p>Replay: the signed timestamp ({@link ToastPlatform#TIMESTAMP_HEADER}) must be within {@code tolerance} of now
 * (default 5 minutes), and a request without it is {@code MISSING}, as one without a signature is; a captured
 * webhook therefore stops verifying after the tolerance.
 *
 * <p>(unconfirmed) Toast's guide says the body and "the timestamp of the message" are signed but names neither the
 * header nor its format: the {@link ToastPlatform#TIMESTAMP_HEADER} header as sent is appended to the body
 * ({@link #signedBytes}), and read as epoch milliseconds (13 digits or more), epoch seconds, or ISO-8601. Change
 * those if Toast's docs say otherwise.
 */
public final class ToastWebhooks implements WebhookAdapter {

    /** Default distance accepted between the timestamp header and now. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final Duration tolerance;

    public ToastWebhooks() {
        this(DEFAULT_TOLERANCE);
    }

    public ToastWebhooks(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public static Verification verify(List<String> secrets, String signature, String timestamp, byte[] body,
            Instant now, Duration tolerance) {
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + ToastPlatform.SIGNATURE_HEADER + " header");
        }
        if (timestamp == null || timestamp.isBlank()) {
            return Verification.missing("missing " + ToastPlatform.TIMESTAMP_HEADER + " header");
        }
        byte[][] signed = signedBytes(body, timestamp);
        Verification verification = WebhookSignatures.anyMatches(secrets,
                secret -> WebhookSignatures.hmacSha256(WebhookSignatures.utf8(secret), signed),
                WebhookSignatures.base64(signature), "Toast");
        if (!verification.isValid()) {
            return verification;
        }
        Instant sent = parseTimestamp(timestamp.trim());
        if (sent == null) {
            return Verification.invalid(ToastPlatform.TIMESTAMP_HEADER + " is not a timestamp");
        }
        if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
            return Verification.invalid(ToastPlatform.TIMESTAMP_HEADER + " is outside the accepted "
                    + tolerance.toMinutes() + " min of now");
        }
        return verification;
    }

    /** (unconfirmed) The bytes Toast signs: the raw body followed by the timestamp header's value. */
    public static byte[][] signedBytes(byte[] body, String timestamp) {
        return new byte[][] {body, WebhookSignatures.utf8(timestamp == null ? "" : timestamp)};
    }

    /** Epoch milliseconds (13 digits or more), epoch seconds, or ISO-8601 with offset; null when none of these. */
    static Instant parseTimestamp(String value) {
        try {
            if (!value.isEmpty() && value.length() <= 19 && value.chars().allMatch(Character::isDigit)) {
                long n = Long.parseLong(value);
                return value.length() >= 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            }
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
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
                body, now, tolerance);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(body);
    }
}
