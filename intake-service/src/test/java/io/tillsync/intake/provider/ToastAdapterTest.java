package io.tillsync.intake.provider;

import static io.tillsync.intake.provider.ShopifyAdapterTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.toast.ToastWebhooks;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ToastAdapterTest {

    /** docs/providers.md Toast stock shape. */
    static final String BODY = "{\"timestamp\":\"2024-05-01T12:00:00.000+0000\",\"eventCategory\":\"stock\",\"eventType\":\"out_of_stock\","
            + "\"guid\":\"e445f586-8a2e-4d7f-9b7a-0f2f3c1d2e3f\",\"details\":{\"itemGuid\":\"1e199622-3f5c-4b53-9a56-6e1a1b2c3d4e\","
            + "\"restaurantGuid\":\"3325cc58-1a2b-4c3d-8e9f-0a1b2c3d4e5f\",\"status\":\"OUT_OF_STOCK\"}}";
    static final String SECRET = "toast-subscription-secret";
    static final String TIMESTAMP = "1714564800000";
    /** base64(HMAC-SHA256(SECRET, BODY + TIMESTAMP)) by openssl; which timestamp Toast appends is unconfirmed. */
    static final String KNOWN = "l2QtU2J4BY5ZBxe9t7ANEzf43snNXm3kBU36RxHJ1PI=";

    private final Adapter adapter = new Adapter(new ToastWebhooks());
    private final Instant now = Instant.parse("2024-05-01T12:00:01Z");

    @Test
    void shouldAcceptTheKnownSignatureOfBodyPlusTimestamp() {
        assertThat(adapter.verify(Connections.withSecret("toast", SECRET), headers(KNOWN, TIMESTAMP), bytes(BODY), now).isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenTheTimestampWasChanged() {
        var result = adapter.verify(Connections.withSecret("toast", SECRET), headers(KNOWN, "1714564800001"), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWithoutToastSignature() {
        assertThat(adapter.verify(Connections.withSecret("toast", SECRET), new HttpHeaders(), bytes(BODY), now).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldReportMissingWithoutToastTimestamp() {
        HttpHeaders h = new HttpHeaders();
        h.set("Toast-Signature", KNOWN);
        assertThat(adapter.verify(Connections.withSecret("toast", SECRET), h, bytes(BODY), now).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldRejectACorrectlySignedWebhookWhoseTimestampIsOutsideTheTolerance() {
        var late = adapter.verify(Connections.withSecret("toast", SECRET), headers(KNOWN, TIMESTAMP), bytes(BODY),
                Instant.parse("2024-05-02T12:00:00Z"));
        assertThat(late.outcome()).isEqualTo(Verification.Outcome.INVALID);
        assertThat(late.reason()).contains("Toast-Timestamp");
        var lenient = new Adapter(new ToastWebhooks(java.time.Duration.ofDays(2)));
        assertThat(lenient.verify(Connections.withSecret("toast", SECRET), headers(KNOWN, TIMESTAMP), bytes(BODY),
                Instant.parse("2024-05-02T12:00:00Z")).isValid()).isTrue();
    }

    @Test
    void shouldIdentifyByEventTypeAndGuid() throws Exception {
        assertThat(adapter.identify(headers(KNOWN, TIMESTAMP), new ObjectMapper().readTree(BODY)))
                .isEqualTo(new WebhookIdentity("out_of_stock", "e445f586-8a2e-4d7f-9b7a-0f2f3c1d2e3f"));
    }

    private static HttpHeaders headers(String signature, String timestamp) {
        HttpHeaders h = new HttpHeaders();
        h.set("Toast-Signature", signature);
        h.set("Toast-Timestamp", timestamp);
        return h;
    }
}
