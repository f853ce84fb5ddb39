package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.WebhookIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** A {@link WebhookAdapter} called as intake's {@code WebhookIntake} calls it: request headers and the connection. */
record Adapter(WebhookAdapter target) {

    Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now) {
        return target.verify(headers::getFirst, body, connection.secretsAt(now), connection.notificationUrl(), now);
    }

    WebhookIdentity identify(HttpHeaders headers, JsonNode body) {
        return target.identify(headers::getFirst, body);
    }

    /** As intake calls it: the parsed body (null when the adapter identifies from headers) and the raw bytes. */
    WebhookIdentity identify(HttpHeaders headers, String raw) throws java.io.IOException {
        JsonNode tree = target.identifiesFromHeaders() ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw);
        return target.identify(headers::getFirst, tree, raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Optional<String> verificationCode(HttpHeaders headers, byte[] body) {
        return target.verificationCode(headers::getFirst, body);
    }

    List<String> keptHeaders() {
        return target.keptHeaders();
    }
}
