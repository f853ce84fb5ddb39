package io.tillsync.platforms.tripleseat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.platforms.PlatformDataException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** TripleSeat's (unconfirmed) webhook and event shapes become what order injection needs. */
class TripleSeatJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadTriggerAndEventIdFromWebhookBody() {
        TripleSeatJson.Webhook w = TripleSeatJson.webhook(utf8("""
                {"webhook_trigger_type":"update_event","message":"Event updated","object":{"id":31337,"name":"Gala"}}"""),
                "IGNORED");

        assertThat(w).isEqualTo(new TripleSeatJson.Webhook("UPDATE_EVENT", "31337"));
    }

    @Test
    void shouldTakeTriggerFromIntakeWhenBodyHasNone() {
        assertThat(TripleSeatJson.webhook(utf8("{\"object\":{\"id\":\"7\"}}"), "CREATE_EVENT").trigger())
                .isEqualTo("CREATE_EVENT");
    }

    @Test
    void shouldRejectWebhookWithoutEventId() {
        assertThatThrownBy(() -> TripleSeatJson.webhook(utf8("{\"webhook_trigger_type\":\"CREATE_EVENT\",\"object\":{}}"), null))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("object.id");
        assertThatThrownBy(() -> TripleSeatJson.webhook(utf8("not json"), null)).isInstanceOf(PlatformDataException.class);
    }

    @Test
    void shouldReadEventWithDateAndDecimalItems() {
        TripleSeatEvent e = TripleSeatJson.event(utf8("""
                {"event":{"id":55,"name":"Smith wedding","status":"DEFINITE","event_date":"6/14/2025",
                  "items":[{"name":"Tacos","sku":"TAC-1","quantity":40,"price":"12.50"},{"name":"Water","price":0.1}]}}"""),
                ZoneId.of("UTC"));

        assertThat(e.id()).isEqualTo("55");
        assertThat(e.date()).isEqualTo(LocalDate.of(2025, 6, 14));
        assertThat(e.items()).hasSize(2);
        assertThat(e.items().get(0)).isEqualTo(new EventItem("Tacos", "TAC-1", new BigDecimal("40"), new BigDecimal("12.50")));
        assertThat(e.items().get(1).quantity()).isEqualByComparingTo("1");
        assertThat(e.items().get(1).unitPrice()).isEqualByComparingTo("0.1");
    }

    @Test
    void shouldReadStartInstantAsVenueLocalDate() {
        TripleSeatEvent e = TripleSeatJson.event(utf8("""
                {"id":"9","name":"Late dinner","status":"DEFINITE","event_start":"2025-06-01T02:30:00Z"}"""),
                ZoneId.of("America/Chicago"));

        assertThat(e.date()).isEqualTo(LocalDate.of(2025, 5, 31));
        assertThat(e.items()).isEmpty();
    }

    @Test
    void shouldRejectAnItemQuantityOutOfRange() {
        assertThatThrownBy(() -> TripleSeatJson.event(utf8("""
                {"id":"9","items":[{"name":"Tacos","quantity":"1e20000000"}]}"""), ZoneId.of("UTC")))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("out of range");
    }
}
