package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandardWebhooksVerifierTest {

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    @Test
    void shouldAcceptTheSpecificationTestVector() {
        assertThat(verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "{\"test\": 2432232314}", 1614265330L)).isTrue();
    }

    @Test
    void shouldAcceptAMatchAmongSeveralSignatures() {
        assertThat(verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "{\"test\": 2432232314}",
                1614265330L)).isTrue();
    }

    @Test
    void shouldRejectATamperedBodyOrAStaleTimestamp() {
        String sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertThat(verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", sig, "{\"test\": 1}", 1614265330L)).isFalse();
        assertThat(verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", sig, "{\"test\": 2432232314}",
                1614265330L + 3600)).isFalse();
    }
}
