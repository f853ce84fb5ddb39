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
    void shouldReadEventWithDocumentedDatesAndStructuredLineItemsWithoutBillingRows() {
        TripleSeatEvent e = TripleSeatJson.event(utf8("""
                {"event":{"id":55,"name":"Smith wedding","status":"DEFINITE","event_date":"06/14/2025",
                  "event_date_iso8601":"2025-06-14","guest_count":120,
                  "line_items":[{"name":"Tacos","sku":"TAC-1","quantity":40,"price":"12.50","category":"Food"},
                                {"name":"Water","price":0.1},
                                {"name":"Sales Tax","type":"tax","price":"99.00"},
                                {"name":"Service Charge","type":"service_charge","price":"120.00"}]}}"""),
                ZoneId.of("America/Los_Angeles"));

        assertThat(e.id()).isEqualTo("55");
        assertThat(e.date()).isEqualTo(LocalDate.of(2025, 6, 14));
        assertThat(e.guestCount()).isEqualTo(120);
        assertThat(e.itemSource()).isEqualTo("line_items");
        assertThat(e.items()).hasSize(2);
        assertThat(e.items().get(0)).isEqualTo(new EventItem("Tacos", "TAC-1", new BigDecimal("40"),
                new BigDecimal("12.50"), "Food", java.util.List.of()));
        assertThat(e.items().get(1).quantity()).isEqualByComparingTo("1");
        assertThat(e.items().get(1).unitPrice()).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void shouldFallBackToTheInvoiceDocumentWhenTheEventHasNoLineItems() {
        String html = InvoiceLinesTest.fixture("invoice-wedding.html");
        String body = PlatformJsonTestSupport.object("event", PlatformJsonTestSupport.object(
                "id", "77", "name", "Smith / Alvarez", "status", "DEFINITE", "event_date", "06/14/2025",
                "documents", java.util.List.of(
                        java.util.Map.of("id", 1, "name", "Contract", "html", "<p>terms</p>"),
                        java.util.Map.of("id", 2, "name", "Invoice #10482", "document_type", "invoice", "html", html))));

        TripleSeatEvent e = TripleSeatJson.event(utf8(body), ZoneId.of("America/Los_Angeles"));

        assertThat(e.itemSource()).isEqualTo("document");
        assertThat(e.items()).hasSize(8);
        assertThat(e.unreadRows()).isEmpty();
    }

    @Test
    void shouldReadStartInstantAsVenueLocalDate() {
        TripleSeatEvent e = TripleSeatJson.event(utf8("""
                {"id":"9","name":"Late dinner","status":"DEFINITE","event_start_utc":"2025-06-01T02:30:00Z"}"""),
                ZoneId.of("America/Chicago"));

        assertThat(e.date()).isEqualTo(LocalDate.of(2025, 5, 31));
        assertThat(e.items()).isEmpty();
        assertThat(e.itemSource()).isEqualTo("none");
    }

    @Test
    void shouldTakeTheLocalDateOfTheIso8601StartAsWritten() {
        TripleSeatEvent e = TripleSeatJson.event(utf8("""
                {"id":"9","event_start_iso8601":"2025-11-02T23:30:00-08:00","event_start_utc":"2025-11-03T07:30:00Z"}"""),
                ZoneId.of("UTC"));

        assertThat(e.date()).isEqualTo(LocalDate.of(2025, 11, 2));
    }

    @Test
    void shouldRejectAnItemQuantityOutOfRange() {
        assertThatThrownBy(() -> TripleSeatJson.event(utf8("""
                {"id":"9","line_items":[{"name":"Tacos","quantity":"1e20000000"}]}"""), ZoneId.of("UTC")))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("out of range");
    }
}
