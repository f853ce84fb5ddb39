package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Toast: {@code Toast-Signature} = base64(HMAC-SHA256(per-subscription secret, body + timestamp)). Event type and
 * idempotency id are the body's {@code eventType} and {@code guid} (doc.toasttab.com apiMessageSigning).
 *
 * <p>(unconfirmed) Which timestamp Toast appends is not confirmed: this adapter takes the {@link #TIMESTAMP_HEADER}
 * header as sent and signs {@code body || timestamp} ({@link #signedBytes}). Change those two if Toast's docs say
 * otherwise.
 */
@Component
public class ToastAdapter implements ProviderAdapter {

    static final String SIGNATURE = "Toast-Signature";
    /** (unconfirmed) header holding the timestamp appended to the body before signing. */
    static final String TIMESTAMP_HEADER = "Toast-Timestamp";

    @Override
    public String provider() {
        return "toast";
    }

    @Override
    public List<String> keptHeaders() {
        return List.of("toast-signature", "toast-timestamp", "toast-restaurant-external-id");
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        String signature = headers.getFirst(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + SIGNATURE + " header");
        }
        byte[][] signed = signedBytes(body, headers.getFirst(TIMESTAMP_HEADER));
        return Signatures.anyMatches(connection.secretsAt(now),
                secret -> Signatures.hmacSha256(Signatures.utf8(secret), signed), Signatures.base64(signature), "Toast");
    }

    /** (unconfirmed) The bytes Toast signs: the raw body followed by the timestamp header's value. */
    static byte[][] signedBytes(byte[] body, String timestamp) {
        return new byte[][] {body, Signatures.utf8(timestamp == null ? "" : timestamp)};
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return new WebhookIdentity(Signatures.required(body, "eventType", "Toast"), Signatures.required(body, "guid", "Toast"));
    }
}
