package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * TripleSeat: (unconfirmed, all of it) {@link #SIGNATURE} = hex(HMAC-SHA256(secret, raw body)); body
 * {@code {webhook_trigger_type, message, object:{id, updated_at, ...}}}. The event type is the trigger
 * ({@code CREATE_EVENT}, {@code UPDATE_EVENT}, {@code DELETE_EVENT}); the idempotency id is
 * (trigger, object.id, object.updated_at). The header name and encoding are constants here so they are easy to change
 * once TripleSeat confirms them.
 */
@Component
public class TripleSeatAdapter implements ProviderAdapter {

    /** (unconfirmed) signature header. */
    static final String SIGNATURE = "X-Signature";

    @Override
    public String provider() {
        return "tripleseat";
    }

    @Override
    public List<String> keptHeaders() {
        return List.of("x-signature");
    }

    @Override
    public Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        String signature = headers.getFirst(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Verification.missing("missing " + SIGNATURE + " header");
        }
        // (unconfirmed) hex encoding of the MAC over the raw body
        return Signatures.anyMatches(connection.secretsAt(now),
                secret -> Signatures.hmacSha256(Signatures.utf8(secret), body), Signatures.hex(signature), "TripleSeat");
    }

    @Override
    public WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        String trigger = Signatures.required(body, "webhook_trigger_type", "TripleSeat");
        JsonNode object = body.get("object");
        if (object == null || !object.isObject()) {
            throw new MalformedWebhookException("TripleSeat webhook body has no \"object\"");
        }
        String id = Signatures.required(object, "id", "TripleSeat");
        return new WebhookIdentity(trigger, trigger + ":" + id + ":" + Signatures.text(object, "updated_at"));
    }
}
