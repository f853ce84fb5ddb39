package io.tillsync.intake.provider;

import static io.tillsync.intake.provider.ShopifyAdapterTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.intake.config.IntakeProperties;
import java.time.Duration;
import java.time.Instant;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class StandardWebhooksAdapterTest {

    /** The Standard Webhooks specification's example: secret, id, timestamp, payload and signature. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330L;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final Adapter adapter = new Adapter(new StandardWebhooksAdapter(
            new IntakeProperties(1 << 20, Duration.ofSeconds(5), 100, Duration.ofSeconds(30),
                    Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(5))));
    private final Instant signedAt = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void shouldAcceptTheSpecificationsKnownSignature() {
        assertThat(verify(SECRET, SIGNATURE, signedAt).isValid()).isTrue();
    }

    @Test
    void shouldAcceptWhenAnyOfSeveralSignaturesMatches() {
        String list = "v1,Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg= v1a,abc " + SIGNATURE;
        assertThat(verify(SECRET, list, signedAt).isValid()).isTrue();
    }

    @Test
    void shouldRejectATimestampOlderThanFiveMinutes() {
        var result = verify(SECRET, SIGNATURE, signedAt.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
        assertThat(result.reason()).contains("tolerance");
    }

    @Test
    void shouldAcceptATimestampJustInsideTheTolerance() {
        assertThat(verify(SECRET, SIGNATURE, signedAt.plus(Duration.ofMinutes(5))).isValid()).isTrue();
        assertThat(verify(SECRET, SIGNATURE, signedAt.minus(Duration.ofMinutes(5))).isValid()).isTrue();
    }

    @Test
    void shouldRejectASignatureMadeWithAnotherSecret() {
        var result = verify("whsec_c2VjcmV0LW9mLXNvbWVib2R5LWVsc2UtMzJieXRlcw==", SIGNATURE, signedAt);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldAcceptTheRotatedOutSecretUntilItExpires() {
        var rotated = Connections.rotated("standard", "whsec_c2VjcmV0LW9mLXNvbWVib2R5LWVsc2UtMzJieXRlcw==", SECRET,
                signedAt.plusSeconds(60));
        assertThat(adapter.verify(rotated, headers(SIGNATURE), bytes(BODY), signedAt).isValid()).isTrue();
        assertThat(adapter.verify(rotated, headers(SIGNATURE), bytes(BODY), signedAt.plusSeconds(61)).isValid()).isFalse();
    }

    @Test
    void shouldReportMissingWithoutTheThreeHeaders() {
        HttpHeaders h = headers(SIGNATURE);
        h.remove("webhook-id");
        assertThat(adapter.verify(Connections.withSecret("standard", SECRET), h, bytes(BODY), signedAt).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldUseTheWebhookIdAsIdempotencyId() throws Exception {
        var identity = adapter.identify(headers(SIGNATURE),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"invoice.paid\",\"data\":{}}"));
        assertThat(identity).isEqualTo(new WebhookIdentity("invoice.paid", ID));
    }

    private Verification verify(String secret, String signature, Instant now) {
        return adapter.verify(Connections.withSecret("standard", secret), headers(signature), bytes(BODY), now);
    }

    private static HttpHeaders headers(String signature) {
        HttpHeaders h = new HttpHeaders();
        h.set("webhook-id", ID);
        h.set("webhook-timestamp", String.valueOf(TIMESTAMP));
        h.set("webhook-signature", signature);
        return h;
    }
}
