package io.tillsync.platforms.tripleseat;

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
 * TripleSeat webhook checks, (unconfirmed, all of it): {@link TripleSeatPlatform#SIGNATURE_HEADER} =
 * hex(HMAC-SHA256(secret, raw body)); body {@code {webhook_trigger_type, message, object:{id, updated_at, ...}}}.
 * The event type is the trigger; the idempotency id is (trigger, object.id, object.updated_at).
 */
public final class TripleSeatWebhooks implements WebhookAdapter {

    public static Verification verify(List<String> secrets, String signature, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + TripleSeatPlatform.SIGNATURE_HEADER + " header");
        }
        return WebhookSignatures.anyMatches(secrets,
                secret -> WebhookSignatures.hmacSha256(WebhookSignatures.utf8(secret), body),
                WebhookSignatures.hex(signature), "TripleSeat");
    }

    public static WebhookIdentity identity(JsonNode body) {
        String trigger = WebhookSignatures.required(body, "webhook_trigger_type", "TripleSeat");
        JsonNode object = body.get("object");
        if (object == null || !object.isObject()) {
            throw new PlatformDataException("TripleSeat webhook body has no \"object\"");
        }
        String id = WebhookSignatures.required(object, "id", "TripleSeat");
        return new WebhookIdentity(trigger, trigger + ":" + id + ":" + WebhookSignatures.text(object, "updated_at"));
    }

    @Override
    public Provider provider() {
        return Provider.TRIPLESEAT;
    }

    /**
     * TripleSeat re-sends the same POST up to five more times unless it gets HTTP 200 (support.tripleseat.com "API
     * Webhooks"), so an acknowledged TripleSeat webhook is answered 200, not 202.
     */
    @Override
    public int acknowledgedStatus() {
        return 200;
    }

    @Override
    public List<String> keptHeaders() {
        return TripleSeatPlatform.KEPT_HEADERS;
    }

    @Override
    public Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl,
            Instant now) {
        return verify(secrets, headers.first(TripleSeatPlatform.SIGNATURE_HEADER), body);
    }

    @Override
    public WebhookIdentity identify(Headers headers, JsonNode body) {
        return identity(body);
    }
}
