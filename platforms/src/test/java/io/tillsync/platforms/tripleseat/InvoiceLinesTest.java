package io.tillsync.platforms.tripleseat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceLinesTest {

    static String fixture(String name) {
        try (InputStream in = InvoiceLinesTest.class.getResourceAsStream("/tripleseat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReadWeddingInvoiceItemsWithCategoriesAndModifiersButNoFeesTaxOrServiceCharge() {
        InvoiceLines.Result r = InvoiceLines.parse(fixture("invoice-wedding.html"));

        assertThat(r.items()).extracting(EventItem::name).containsExactly(
                "Ahi Tuna Tartare on Wonton Crisp", "Wild Mushroom Arancini", "Filet Mignon, Red Wine Demi-Glace",
                "Pan-Roasted Halibut, Lemon Beurre Blanc", "Wild Mushroom Risotto (V)",
                "Premium Open Bar, 4 hours (per person)", "Champagne Toast", "Espresso & Coffee Station");
        EventItem filet = r.items().get(2);
        assertThat(filet.quantity()).isEqualTo(new BigDecimal("64"));
        assertThat(filet.unitPrice()).isEqualTo(new BigDecimal("58.00"));
        assertThat(filet.category()).isEqualTo("Plated Dinner");
        assertThat(filet.modifiers()).containsExactly(new EventItem.Modifier("Add Seared Scallops", new BigDecimal("9.50")));
        assertThat(r.items().get(1).modifiers()).containsExactly(
                new EventItem.Modifier("vegan aioli on the side", BigDecimal.ZERO));
        assertThat(r.items().get(4).modifiers()).extracting(EventItem.Modifier::name).containsExactly("no parmesan");
        assertThat(r.items().get(5).unitPrice()).isEqualTo(new BigDecimal("48.50"));
        assertThat(r.items().get(0).category()).isEqualTo("Passed Hors d'Oeuvres");
        assertThat(r.items()).noneMatch(i -> i.name().contains("Fee") || i.name().contains("Tax")
                || i.name().contains("Service") || i.name().contains("Total"));
        assertThat(r.billingLines()).anyMatch(l -> l.startsWith("Cake Cutting Fee"));
        assertThat(r.unread()).isEmpty();
    }

    @Test
    void shouldReportRowsItCannotReadInsteadOfGuessing() {
        InvoiceLines.Result r = InvoiceLines.parse(fixture("event-order-corporate.html"));

        assertThat(r.items()).extracting(EventItem::name).containsExactly("Mediterranean Buffet (per person)",
                "Assorted Sodas & Sparkling Water", "Half Sheet Cake, Lemon", "Audio/Visual Package");
        assertThat(r.items().get(0).category()).isEqualTo("Lunch Buffet");
        assertThat(r.items().get(0).modifiers()).containsExactly(
                new EventItem.Modifier("Gluten-free pita", new BigDecimal("1.50")));
        assertThat(r.items().get(2).quantity()).isEqualTo(new BigDecimal("1.5"));
        assertThat(r.unread()).extracting(InvoiceLines.UnreadRow::why)
                .containsExactly("no readable quantity", "total is not quantity × unit price");
        assertThat(r.unread().get(1).text()).startsWith("Cheese Board");
        assertThat(r.billingLines()).hasSize(4);
    }

    @Test
    void shouldReadAmountsAsExactDecimals() {
        assertThat(InvoiceLines.money("$1,234.50")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(InvoiceLines.money("($5,000.00)")).isEqualTo(new BigDecimal("-5000.00"));
        assertThat(InvoiceLines.money("Market Price")).isNull();
        assertThat(InvoiceLines.parse("<p>no tables</p>").items()).isEmpty();
        assertThat(InvoiceLines.parse(null).items()).isEqualTo(List.of());
    }
}
