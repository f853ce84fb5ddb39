package io.tillsync.intake.provider;

import static io.tillsync.intake.provider.ShopifyAdapterTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.Verification;
import io.tillsync.platforms.WebhookIdentity;
import io.tillsync.platforms.tripleseat.TripleSeatWebhooks;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class TripleSeatAdapterTest {

    /** docs/providers.md TripleSeat shape (unconfirmed). */
    static final String BODY = "{\"webhook_trigger_type\":\"UPDATE_EVENT\",\"message\":\"Event updated\","
            + "\"object\":{\"id\":48213,\"name\":\"Rehearsal dinner\",\"updated_at\":\"2025-04-22T19:30:00Z\"}}";
    static final String SECRET = "tripleseat-secret";
    /** hex(HMAC-SHA256(SECRET, BODY)) by openssl (algorithm and encoding unconfirmed). */
    static final String KNOWN = "ab0920cc080d22ab81294da10e3831a1a63badcd9351c129b6a3cb54df801bda";

    private final Adapter adapter = new Adapter(new TripleSeatWebhooks());
    private final Instant now = Instant.parse("2025-04-22T19:30:01Z");

    @Test
    void shouldAcceptTheKnownHexHmacInEitherCase() {
        var connection = Connections.withSecret("tripleseat", SECRET);
        assertThat(adapter.verify(connection, headers(KNOWN), bytes(BODY), now).isValid()).isTrue();
        assertThat(adapter.verify(connection, headers(KNOWN.toUpperCase()), bytes(BODY), now).isValid()).isTrue();
    }

    @Test
    void shouldRejectAWrongHmac() {
        var result = adapter.verify(Connections.withSecret("tripleseat", SECRET), headers(KNOWN.replace('a', 'b')), bytes(BODY), now);
        assertThat(result.outcome()).isEqualTo(Verification.Outcome.INVALID);
    }

    @Test
    void shouldReportMissingWithoutTheSignatureHeader() {
        assertThat(adapter.verify(Connections.withSecret("tripleseat", SECRET), new HttpHeaders(), bytes(BODY), now).outcome())
                .isEqualTo(Verification.Outcome.MISSING);
    }

    @Test
    void shouldIdentifyByTriggerObjectIdAndUpdatedAt() throws Exception {
        assertThat(adapter.identify(headers(KNOWN), new ObjectMapper().readTree(BODY)))
                .isEqualTo(new WebhookIdentity("UPDATE_EVENT", "UPDATE_EVENT:48213:2025-04-22T19:30:00Z"));
    }

    private static HttpHeaders headers(String signature) {
        HttpHeaders h = new HttpHeaders();
        h.set("X-Signature", signature);
        return h;
    }
}
