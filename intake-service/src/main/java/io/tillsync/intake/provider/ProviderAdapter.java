package io.tillsync.intake.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.intake.IntakeConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/**
 * Everything intake knows about one platform's webhooks (see docs/providers.md): how the signature is checked on the raw
 * bytes, which event type and idempotency id a verified webhook carries, and which headers are worth keeping.
 */
public interface ProviderAdapter {

    /** Path name of the provider ({@code shopify}, {@code square}, ...), equal to {@code sync.connection.provider}. */
    String provider();

    /**
     * Lower-case names of the headers copied onto the published record. Never a header that carries a secret in clear
     * (Clover's {@code X-Clover-Auth}).
     */
    List<String> keptHeaders();

    /** Checks the signature on the raw body, before anything parses it. */
    Verification verify(IntakeConnection connection, HttpHeaders headers, byte[] body, Instant now);

    /**
     * Event type and idempotency id of a verified webhook, from its headers and parsed body ({@code null} when
     * {@link #identifiesFromHeaders()}: the body was only checked to be a JSON object, not turned into a tree).
     */
    WebhookIdentity identify(HttpHeaders headers, JsonNode body);

    /** True when {@link #identify} needs the headers only, so the body need not be parsed into a tree. */
    default boolean identifiesFromHeaders() {
        return false;
    }

    /**
     * The code of an unsigned set-up call that must be answered 200 without publishing (Clover's
     * {@code {"verificationCode": ...}}), if this request is one.
     */
    default Optional<String> verificationCode(HttpHeaders headers, byte[] body) {
        return Optional.empty();
    }
}
