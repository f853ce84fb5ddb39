package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.config.IntakeProperties;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.WebhookSignatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Standard Webhooks (any platform that signs that way): {@code webhook-signature} is a space-separated list of
 * {@code v1,<base64(HMAC-SHA256(key, id.timestamp.body))>}, where the key is the base64 after {@code whsec_} in the
 * secret; {@code webhook-timestamp} (Unix seconds) must be within the tolerance (default 5 minutes) of now. Any listed
 * signature made with any current secret is accepted (several signatures and rotation). The idempotency id is
 * {@code webhook-id}; the event type the body's {@code type}.
 */
@Component
public class StandardWebhooksAdapter implements WebhookAdapter {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final Duration tolerance;

    public StandardWebhooksAdapter(IntakeProperties properties) {
        this.tolerance = properties.standardWebhooksTolerance();
    }

    @Override
    public Provider provider() {
        return Provider.STANDARD;
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(ID, TIMESTAMP, SIGNATURE);
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        String id = headers.first(ID);
        String timestamp = headers.first(TIMESTAMP);
        String signature = headers.first(SIGNATURE);
        if (id == null || timestamp == null || signature == null || signature.isBlank()) {
            return Verification.missing("missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verification.invalid("webhook-timestamp is not Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return Verification.invalid("webhook-timestamp is outside the tolerance of " + tolerance.toSeconds() + " s");
        }
        List<byte[]> presented = new ArrayList<>();
        for (String entry : signature.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && "v1".equals(entry.substring(0, comma))) {
                byte[] mac = WebhookSignatures.base64(entry.substring(comma + 1));
                if (mac != null) {
                    presented.add(mac);
                }
            }
        }
        if (presented.isEmpty()) {
            return Verification.invalid("webhook-signature holds no v1 signature");
        }
        byte[] signed = WebhookSignatures.utf8(id + "." + timestamp + ".");
        boolean ok = false;
        for (String secret : secrets) {
            byte[] key = key(secret);
            if (key == null) {
                continue;
            }
            byte[] expected = WebhookSignatures.hmacSha256(key, signed, body);
            for (byte[] mac : presented) {
                ok |= WebhookSignatures.same(expected, mac);
            }
        }
        return ok ? Verification.valid() : Verification.invalid("no webhook-signature matches");
    }

    /** The HMAC key of a {@code whsec_<base64>} secret (a bare base64 secret is accepted too). */
    static byte[] key(String secret) {
        return WebhookSignatures.base64(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        String type = WebhookSignatures.text(body, "type");
        return new WebhookIdentity(type == null || type.isBlank() ? "unknown" : type, headers.first(ID));
    }
}
