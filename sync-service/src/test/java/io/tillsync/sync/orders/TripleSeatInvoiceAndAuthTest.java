package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.security.SecretField;
import io.tillsync.schemas.AlertKind;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real-shaped TripleSeat events end to end (invoice HTML → Revel lines), TripleSeat's OAuth 2.0 flow against the fake
 * token endpoint, and the status codes of {@code /api/sync/tripleseat}.
 */
class TripleSeatInvoiceAndAuthTest extends OrderInjectionTestBase {

    static String fixture(String name) {
        try (InputStream in = TripleSeatInvoiceAndAuthTest.class.getResourceAsStream("/tripleseat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean warm;

    /**
     * The context's first injection also makes its first {@code order.injected} publication (producer start, schema
     * registration), which on a loaded machine can pass the 30 s single-timeout: done once, patiently, so the tests
     * below time only their own work.
     */
    @BeforeEach
    void warmUpThePublisher() {
        if (warm) {
            return;
        }
        Venue v = venue("{}");
        String id = eventId();
        tripleseat.put(v.tenant(), id, "Warm-up", "DEFINITE", today(), FakeTripleSeat.item("Soup", "SP", 1, "1.00"));
        await("a first injection completes").atMost(Duration.ofMinutes(4)).until(() -> sync(v, "event_id=" + id)
                .returnResult(String.class).getStatus() == HttpStatus.OK);
        warm = true;
    }

    @Test
    void shouldInjectTheFoodAndBeverageLinesOfAWeddingInvoiceWithoutFeesTaxOrServiceCharge() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.putWithInvoice(v.tenant(), eventId, "Smith / Alvarez Wedding", "DEFINITE", today(), 120,
                fixture("invoice-wedding.html"));

        sync(v, "event_id=" + eventId).expectStatus().isOk().expectBody()
                .jsonPath("$.events[0].status").isEqualTo("injected")
                .jsonPath("$.events[0].unread_rows").isEmpty();

        JsonNode order = revel.order(v.tenant(), v.localId(eventId));
        List<JsonNode> items = StreamSupport.stream(order.path("items").spliterator(), false).toList();
        assertThat(items).extracting(i -> i.path("product_name").asText()).containsExactly(
                "Ahi Tuna Tartare on Wonton Crisp", "Wild Mushroom Arancini", "Filet Mignon, Red Wine Demi-Glace",
                "Pan-Roasted Halibut, Lemon Beurre Blanc", "Wild Mushroom Risotto (V)",
                "Premium Open Bar, 4 hours (per person)", "Champagne Toast", "Espresso & Coffee Station");
        JsonNode filet = items.get(2);
        assertThat(filet.path("quantity").decimalValue()).isEqualByComparingTo("64");
        assertThat(filet.path("price").decimalValue()).isEqualByComparingTo("58.00");
        assertThat(filet.path("modifiers").get(0).path("name").asText()).isEqualTo("Add Seared Scallops");
        assertThat(filet.path("modifiers").get(0).path("price").decimalValue()).isEqualByComparingTo("9.50");
        assertThat(items.get(5).path("price").decimalValue()).isEqualByComparingTo("48.50");
        assertThat(order.toString()).doesNotContain("Service Charge").doesNotContain("Sales Tax")
                .doesNotContain("Cake Cutting Fee").doesNotContain("Room Rental");
    }

    @Test
    void shouldReportInvoiceRowsItCannotReadAndInjectOnlyTheRowsItCan() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.putWithInvoice(v.tenant(), eventId, "Acme offsite", "DEFINITE", today(), 35,
                fixture("event-order-corporate.html"));

        sync(v, "event_id=" + eventId).expectStatus().isOk().expectBody()
                .jsonPath("$.events[0].status").isEqualTo("injected")
                .jsonPath("$.events[0].unread_rows.length()").isEqualTo(2)
                .jsonPath("$.events[0].unread_rows[0]").isEqualTo("Chef's Seasonal Crudo | TBD | Market Price (no readable quantity)")
                .jsonPath("$.events[0].unread_rows[1]").value(r -> assertThat((String) r).startsWith("Cheese Board"));

        assertThat(revel.order(v.tenant(), v.localId(eventId)).path("items")).hasSize(4);
    }

    @Test
    void shouldRefreshAShortLivedOAuthTokenAndStoreTheRotatedRefreshToken() {
        Venue v = oauthVenue(2);
        String first = eventId();
        String second = eventId();
        tripleseat.put(v.tenant(), first, "Brunch", "DEFINITE", today(), FakeTripleSeat.item("Mimosa", "MM", 10, "9.00"));
        tripleseat.put(v.tenant(), second, "Dinner", "DEFINITE", today(), FakeTripleSeat.item("Steak", "ST", 10, "39.00"));

        assertSingle(v, first, "injected", null);
        await("the fake's 2 s access token expires").atMost(WAIT).until(() -> tripleseat.allTokensExpired(v.tenant()));
        assertSingle(v, second, "injected", null);

        assertThat(tripleseat.grants(v.tenant())).hasSize(2)
                .first().isEqualTo("refresh_token:rt-initial");
        assertThat(tripleseat.grants(v.tenant()).get(1)).isNotEqualTo("refresh_token:rt-initial").startsWith("refresh_token:rt-");
        String stored = secrets.decrypt((String) rows("SELECT api_token_enc FROM sync.connection WHERE id = ?",
                v.tripleseatId()).get(0).get("api_token_enc"), SecretField.CONNECTION_API_TOKEN.at(v.tripleseatId()));
        assertThat(stored).contains("\"refresh_token\":\"" + tripleseat.currentRefreshToken(v.tenant()) + "\"")
                .contains("\"client_id\":\"cid-" + v.tenant() + "\"");
    }

    @Test
    void shouldReportTokenInvalidWithAnAlertWhenTripleSeatRefusesTheRefreshedToken() {
        Venue v = oauthVenue(3600);
        String warmUp = eventId();
        String eventId = eventId();
        tripleseat.put(v.tenant(), warmUp, "Lunch", "DEFINITE", today(), FakeTripleSeat.item("Soup", "SP", 2, "6.00"));
        tripleseat.put(v.tenant(), eventId, "Dinner", "DEFINITE", today(), FakeTripleSeat.item("Soup", "SP", 2, "6.00"));
        assertSingle(v, warmUp, "injected", null);
        tripleseat.revoke(v.tenant());

        sync(v, "event_id=" + eventId).expectStatus().isEqualTo(500).expectBody()
                .jsonPath("$.events[0].status").isEqualTo("failed")
                .jsonPath("$.events[0].error").value(e -> assertThat((String) e).contains("token_invalid"));

        List<OpsAlert> alerts = TopicProbe.await(Topics.OPS_ALERTS, 1, WAIT,
                r -> v.tenant().equals(r.key())).stream().map(r -> r.value()).toList();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(AlertKind.TOKEN_INVALID.name());
            assertThat(a.getSubject()).isEqualTo(v.tripleseatId());
            assertThat(a.getMessage()).doesNotContain("secret-").doesNotContain("rt-");
        });
        assertThat(tripleseat.grants(v.tenant()).get(tripleseat.grants(v.tenant()).size() - 1)).startsWith("refresh_token:");
    }

    @Test
    void shouldAnswer404WithTheReasonWhenTripleSeatDoesNotKnowTheEvent() {
        Venue v = venue("{}");

        sync(v, "event_id=" + eventId()).expectStatus().isNotFound().expectBody()
                .jsonPath("$.mode").isEqualTo("single")
                .jsonPath("$.events[0].status").isEqualTo("skipped")
                .jsonPath("$.events[0].reason").isEqualTo("not_found");
    }

    @Test
    void shouldAnswer504WhenASingleRunExceedsItsLimit() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Slow", "DEFINITE", today(), FakeTripleSeat.item("Soup", "SP", 2, "6.00"));
        tripleseat.delay(v.tenant(), Duration.ofSeconds(16));
        revel.holdLookups(99, Duration.ofSeconds(16)); // 16 s + 16 s (each under http-timeout): past the 30 s single-timeout
        try {
            sync(v, "event_id=" + eventId).expectStatus().isEqualTo(504).expectBody()
                    .jsonPath("$.success").isEqualTo(false)
                    .jsonPath("$.events[0].status").isEqualTo("failed")
                    .jsonPath("$.events[0].error").value(e -> assertThat((String) e).contains("limit of 30 s"));
        } finally {
            revel.holdLookups(0, Duration.ZERO);
            tripleseat.delay(v.tenant(), Duration.ZERO);
        }
    }
}
