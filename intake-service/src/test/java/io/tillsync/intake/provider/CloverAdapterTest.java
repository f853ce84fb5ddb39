package io.tillsync.intake.provider;

import static io.tillsync.intake.provider.ShopifyAdapterTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.clover.CloverWebhooks;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class CloverAdapterTest {

    /** docs/providers.md Clover webhook shape. */
    static final String BODY = "{\"appId\":\"APP\",\"merchants\":{\"MID\":[{\"objectId\":\"I:ITEM99\",\"type\":\"UPDATE\",\"ts\":1537970958000}]}}";
    static final String AUTH_CODE = "b1f3c7e2-clover-auth-code";

    private final ObjectMapper json = new ObjectMapper();
    private final Adapter adapter = new Adapter(new CloverWebhooks());
    private final Instant now = Instant.parse("2025-04-22T19:30:00Z");

    @Test
    void shouldAcceptTheConnectionsAuthCode() {
        assertThat(adapter.verify(Connections.withSecret("clover", AUTH_CODE), auth(AUTH_CODE), bytes(BODY), now).isValid()).isTrue();
    }

    @Test
    void shouldRejectAnotherAuthCodeEvenAPrefixOfTheRightOne() {
        var connection = Connections.withSecret("clover", AUTH_CODE);
        assertThat(adapter.verify(connection, auth("b1f3c7e2"), bytes(BODY), now).outcome()).isEqualTo(Verification.Outcome.INVALID);
        assertThat(adapter.verify(connection, auth(AUTH_CODE + "x"), bytes(BODY), now).outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWithoutXCloverAuth() {
        assertThat(adapter.verify(Connections.withSecret("clover", AUTH_CODE), new HttpHeaders(), bytes(BODY), now).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldRecogniseTheUnsignedVerificationCall() {
        assertThat(adapter.verificationCode(new HttpHeaders(), bytes("{\"verificationCode\": \"7f2a9c\"}"))).contains("7f2a9c");
        assertThat(adapter.verificationCode(new HttpHeaders(), bytes(BODY))).isEmpty();
        assertThat(adapter.verificationCode(auth(AUTH_CODE), bytes("{\"verificationCode\": \"7f2a9c\"}"))).isEmpty();
    }

    @Test
    void shouldNeverKeepTheAuthHeaderOnTheRecord() {
        assertThat(adapter.keptHeaders()).doesNotContain("x-clover-auth");
    }

    @Test
    void shouldBuildTheIdempotencyIdFromMerchantObjectTypeAndTs() throws Exception {
        assertThat(adapter.identify(auth(AUTH_CODE), json.readTree(BODY)))
                .isEqualTo(new WebhookIdentity("UPDATE", "MID:I:ITEM99:UPDATE:1537970958000"));
    }

    @Test
    void shouldGiveTheSameIdToTheSameBatchInAnyOrder() throws Exception {
        String a = "{\"appId\":\"APP\",\"merchants\":{\"M1\":[{\"objectId\":\"I:A\",\"type\":\"UPDATE\",\"ts\":1},"
                + "{\"objectId\":\"I:B\",\"type\":\"DELETE\",\"ts\":2}]}}";
        String b = "{\"appId\":\"APP\",\"merchants\":{\"M1\":[{\"objectId\":\"I:B\",\"type\":\"DELETE\",\"ts\":2},"
                + "{\"objectId\":\"I:A\",\"type\":\"UPDATE\",\"ts\":1}]}}";
        var first = adapter.identify(auth(AUTH_CODE), json.readTree(a));
        assertThat(first.eventType()).isEqualTo("MIXED");
        assertThat(first.externalEventId()).startsWith("sha256:").isEqualTo(adapter.identify(auth(AUTH_CODE), json.readTree(b)).externalEventId());
    }

    @Test
    void shouldRefuseABodyWithoutMerchants() {
        assertThatThrownBy(() -> adapter.identify(auth(AUTH_CODE), json.readTree("{\"appId\":\"APP\"}")))
                .isInstanceOf(io.tillsync.platforms.PlatformDataException.class);
    }

    private static HttpHeaders auth(String code) {
        HttpHeaders h = new HttpHeaders();
        h.set("X-Clover-Auth", code);
        return h;
    }
}
