package io.tillsync.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything intake knows about one platform's webhooks: how the signature is checked on the raw bytes, which event
 * type and idempotency id a verified webhook carries, and which headers are worth keeping. One implementation per
 * provider, in its package ({@code ShopifyWebhooks}, {@code SquareWebhooks}, ...); intake dispatches to them.
 */
public interface WebhookAdapter {

    /** The request's headers: the first value of a header by case-insensitive name, or null. */
    @FunctionalInterface
    interface Headers {
        String first(String name);
    }

    Provider provider();

    /**
     * Lower-case names of the headers copied onto the published record. Never a header that carries a secret in clear
     * (Clover's {@code X-Clover-Auth}).
     */
    List<String> keptHeaders();

    /**
     * Checks the signature on the raw body, before anything parses it, against every current secret (rotation).
     *
     * @param notificationUrl the URL the subscription was registered with (Square signs it); null when none
     * @param now             when the request arrived (signatures with a timestamp are checked against it)
     */
    Verification verify(Headers headers, byte[] body, List<String> secrets, String notificationUrl, Instant now);

    /**
     * Event type and idempotency id of a verified webhook, from its headers and parsed body ({@code null} when
     * {@link #identifiesFromHeaders()}: the body was only checked to be a JSON object, not turned into a tree).
     * Throws {@link PlatformDataException} when the webhook is not the provider's shape.
     */
    WebhookIdentity identify(Headers headers, JsonNode body);

    /**
     * The HTTP status a verified webhook is answered with once the broker acknowledged it: 202 by default; a
     * provider whose sender re-sends anything else says so here (TripleSeat: 200).
     */
    default int acknowledgedStatus() {
        return 202;
    }

    /**
     * {@link #identify(Headers, JsonNode)} with the verified raw bytes at hand, for a provider whose idempotency id
     * must come from signed content because the headers that name the event are not signed (Shopify). Intake calls
     * this one.
     */
    default WebhookIdentity identify(Headers headers, JsonNode body, byte[] raw) {
        return identify(headers, body);
    }

    /** True when {@link #identify} needs the headers only, so the body need not be parsed into a tree. */
    default boolean identifiesFromHeaders() {
        return false;
    }

    /**
     * The code of an unsigned set-up call that must be answered 200 without publishing (Clover's
     * {@code {"verificationCode": ...}}), if this request is one.
     */
    default Optional<String> verificationCode(Headers headers, byte[] body) {
        return Optional.empty();
    }
}
