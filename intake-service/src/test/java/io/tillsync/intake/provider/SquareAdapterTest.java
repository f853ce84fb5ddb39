package io.tillsync.intake.provider;

import static io.tillsync.intake.provider.ShopifyAdapterTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.square.SquareWebhooks;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class SquareAdapterTest {

    /** Square's published test vector (the Square SDKs' WebhooksHelper tests): URL + body signed with the key. */
    static final String BODY = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\","
            + "\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\","
            + "\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}";
    static final String KEY = "Ibxx_5AKakO-3qeNVR61Dw";
    static final String URL = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    static final String SIGNATURE = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";

    private final Adapter adapter = new Adapter(new SquareWebhooks());
    private final Instant now = Instant.parse("2022-07-13T20:31:00Z");

    @Test
    void shouldAcceptSquaresPublishedSignature() {
        assertThat(adapter.verify(Connections.square(KEY, URL), headers(SIGNATURE), bytes(BODY), now).isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenTheRegisteredUrlDiffers() {
        var result = adapter.verify(Connections.square(KEY, URL + "/"), headers(SIGNATURE), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldRejectWhenTheConnectionHasNoNotificationUrl() {
        var result = adapter.verify(Connections.square(KEY, null), headers(SIGNATURE), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWithoutTheSignatureHeader() {
        var result = adapter.verify(Connections.square(KEY, URL), new HttpHeaders(), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldIdentifyByBodyTypeAndEventId() throws Exception {
        assertThat(adapter.identify(new HttpHeaders(), new ObjectMapper().readTree(BODY)))
                .isEqualTo(new WebhookIdentity("webhooks.test_notification", "ac3ac95b-f97d-458c-a6e6-18981597e05f"));
    }

    private static HttpHeaders headers(String signature) {
        HttpHeaders h = new HttpHeaders();
        h.set("x-square-hmacsha256-signature", signature);
        return h;
    }
}
