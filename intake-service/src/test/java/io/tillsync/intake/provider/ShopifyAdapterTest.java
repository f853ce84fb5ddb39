package io.tillsync.intake.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.shopify.ShopifyWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ShopifyAdapterTest {

    /** docs/providers.md products/update shape. */
    static final String BODY = "{\"id\":9554194432293,\"title\":\"T-Shirt\",\"status\":\"active\",\"updated_at\":\"2025-04-22T14:30:00-05:00\","
            + "\"variants\":[{\"id\":123456789,\"price\":\"29.99\",\"sku\":\"TSHIRT-001\"}]}";
    static final String SECRET = "shpss_test_client_secret";
    /** base64(HMAC-SHA256(SECRET, BODY)), computed with openssl dgst -sha256 -hmac. */
    static final String KNOWN_HMAC = "SI/mZ/PS6p5s6LsCG/LMPGkXjWl9O+8zFomlbpzLOec=";

    private final Adapter adapter = new Adapter(new ShopifyWebhooks());
    private final Instant now = Instant.parse("2025-04-22T19:30:00Z");

    @Test
    void shouldAcceptTheKnownHmacOfTheRawBody() {
        assertThat(adapter.verify(Connections.withSecret("shopify", SECRET), headers(KNOWN_HMAC), bytes(BODY), now).isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenTheBodyChangedByOneByte() {
        var result = adapter.verify(Connections.withSecret("shopify", SECRET), headers(KNOWN_HMAC), bytes(BODY + " "), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldRejectAnHmacMadeWithAnotherSecret() {
        var result = adapter.verify(Connections.withSecret("shopify", "other"), headers(KNOWN_HMAC), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWhenTheHmacHeaderIsAbsent() {
        var result = adapter.verify(Connections.withSecret("shopify", SECRET), new HttpHeaders(), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldRejectGarbageThatIsNotBase64() {
        var result = adapter.verify(Connections.withSecret("shopify", SECRET), headers("%%%not-base64"), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldAcceptThePreviousSecretOnlyUntilItExpires() {
        var rotated = Connections.rotated("shopify", "new-secret", SECRET, now.plus(Duration.ofHours(1)));
        assertThat(adapter.verify(rotated, headers(KNOWN_HMAC), bytes(BODY), now).isValid()).isTrue();
        assertThat(adapter.verify(rotated, headers(KNOWN_HMAC), bytes(BODY), now.plus(Duration.ofHours(2))).isValid()).isFalse();
    }

    @Test
    void shouldIdentifyByTheSignedBodySoANewEventIdDoesNotMakeAReplayNew() throws Exception {
        HttpHeaders h = headers(KNOWN_HMAC);
        h.set("X-Shopify-Topic", "products/update");
        h.set("X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
        WebhookIdentity first = adapter.identify(h, BODY);
        h.set("X-Shopify-Event-Id", "11111111-2222-3333-4444-555555555555");
        h.set("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");

        assertThat(adapter.identify(h, BODY)).isEqualTo(first);
        // sha256 of BODY (sha256sum)
        assertThat(first).isEqualTo(new WebhookIdentity("products/update", "sha256:" + java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes(BODY)))));
    }

    @Test
    void shouldRefuseAnUpdatesBodyUnderADeleteTopicAndAcceptADeletesBody() throws Exception {
        HttpHeaders h = headers(KNOWN_HMAC);
        h.set("X-Shopify-Topic", "products/delete");

        assertThatThrownBy(() -> adapter.identify(h, BODY))
                .isInstanceOf(io.tillsync.platforms.PlatformDataException.class).hasMessageContaining("not a delete's body");
        assertThatThrownBy(() -> adapter.identify(h, "{\"id\":9554194432293,\"title\":\"x\"}"))
                .isInstanceOf(io.tillsync.platforms.PlatformDataException.class);
        assertThat(adapter.identify(h, "{\"id\":9554194432293}").eventType()).isEqualTo("products/delete");
    }

    @Test
    void shouldRefuseAWebhookWithoutTopic() {
        assertThatThrownBy(() -> adapter.identify(headers(KNOWN_HMAC), BODY))
                .isInstanceOf(io.tillsync.platforms.PlatformDataException.class);
    }

    private static HttpHeaders headers(String hmac) {
        HttpHeaders h = new HttpHeaders();
        h.set("X-Shopify-Hmac-Sha256", hmac);
        return h;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
