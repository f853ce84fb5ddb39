package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The Standard Webhooks specification's published test vector.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void shouldReproduceTheSpecificationTestVector() {
        assertThat(WebhookSigner.signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(SPEC_SECRET)))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void shouldSignWithEveryActiveSecretSeparatedBySpaces() {
        String other = WebhookSigner.newSecret();
        String header = WebhookSigner.signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(other, SPEC_SECRET));

        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).startsWith("v1,").isNotEqualTo(SPEC_SIGNATURE);
        assertThat(parts[1]).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void shouldChangeTheSignatureWhenTheBodyChanges() {
        String tampered = WebhookSigner.signature(SPEC_ID, SPEC_TIMESTAMP,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), List.of(SPEC_SECRET));
        assertThat(tampered).isNotEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void shouldGenerateWhsecSecretsOf32RandomBytes() {
        String a = WebhookSigner.newSecret();
        String b = WebhookSigner.newSecret();

        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSigner.isValidSecret(a)).isTrue();
    }

    @Test
    void shouldRejectSecretsWithoutPrefixOrTooShort() {
        assertThat(WebhookSigner.isValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
        assertThat(WebhookSigner.isValidSecret("whsec_c2hvcnQ=")).isFalse();
        assertThat(WebhookSigner.isValidSecret("whsec_not base64!")).isFalse();
        assertThat(WebhookSigner.isValidSecret(SPEC_SECRET)).isTrue();
    }
}
