package io.tillsync.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.shopify.ShopifyAvailability;
import io.tillsync.platforms.square.SquareAvailability;
import io.tillsync.platforms.toast.ToastAvailability;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Every row of the availability table in docs/availability.md, against the provider rule that implements it. */
class AvailabilityRulesTest {

    @Test
    void shouldFollowToastsRow() {
        assertThat(ToastAvailability.of("OUT_OF_STOCK", null).available()).isFalse();
        assertThat(ToastAvailability.of("QUANTITY", BigDecimal.ZERO).available()).isFalse();
        assertThat(ToastAvailability.of("QUANTITY", new BigDecimal("3")).available()).isTrue();
        assertThat(ToastAvailability.of("QUANTITY", null).available()).isTrue();
        assertThat(ToastAvailability.of("IN_STOCK", null).available()).isTrue();
        assertThat(ToastAvailability.of(null, null)).isEqualTo(ItemAvailability.available("IN_STOCK"));
    }

    @Test
    void shouldFollowSquaresRow() {
        assertThat(SquareAvailability.ofCount(BigDecimal.ZERO)).isEqualTo(ItemAvailability.unavailable("OUT_OF_STOCK"));
        assertThat(SquareAvailability.ofCount(new BigDecimal("-1")).available()).isFalse();
        assertThat(SquareAvailability.ofCount(BigDecimal.ONE).available()).isTrue();
        var soldOut = Fixtures.json("{\"location_overrides\":[{\"location_id\":\"L1\",\"sold_out\":true}]}");
        assertThat(SquareAvailability.ofVariation(soldOut, false, "L1")).isEqualTo(ItemAvailability.unavailable("SOLD_OUT"));
        assertThat(SquareAvailability.ofVariation(soldOut, false, "L2").available()).isTrue();
        assertThat(SquareAvailability.ofVariation(Fixtures.json("{}"), true, null).available()).isFalse();
    }

    @Test
    void shouldFollowShopifysRow() {
        assertThat(ShopifyAvailability.of("active", true, "deny", BigDecimal.ZERO))
                .isEqualTo(ItemAvailability.unavailable("OUT_OF_STOCK"));
        assertThat(ShopifyAvailability.of("ACTIVE", true, "DENY", BigDecimal.ZERO).available()).isFalse();
        assertThat(ShopifyAvailability.of("active", true, "continue", BigDecimal.ZERO).available()).isTrue();
        assertThat(ShopifyAvailability.of("active", false, "deny", BigDecimal.ZERO).available()).isTrue();
        assertThat(ShopifyAvailability.of("active", true, "deny", BigDecimal.ONE).available()).isTrue();
        assertThat(ShopifyAvailability.of("archived", false, "continue", BigDecimal.TEN))
                .isEqualTo(ItemAvailability.unavailable("HIDDEN"));
    }

    @Test
    void shouldMakeADeletedItemAndItsVariantsUnavailableAndDeleted() {
        ChangeSource source = ChangeSource.poll("acme", "con_1", Provider.SQUARE, "corr");
        var changes = ItemAvailability.deleted(source, "ITEM", java.util.List.of("V1", "V2"), Fixtures.RECEIVED, "7",
                "ghost");

        assertThat(changes).extracting(CatalogChange::getItemId).containsExactly("ITEM", "ITEM", "V1", "V2");
        assertThat(((io.tillsync.avro.ProductDelete) changes.get(0).getChange()).getReason()).isEqualTo("ghost");
        assertThat(changes.subList(1, 4)).allSatisfy(c -> {
            var a = (io.tillsync.avro.AvailabilityChange) c.getChange();
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("DELETED");
        });
        assertThat(ItemAvailability.deleted(source, "ITEM", java.util.List.of("V1", "V2"), Fixtures.RECEIVED, "7",
                "ghost")).extracting(CatalogChange::getChangeId)
                .containsExactlyElementsOf(changes.stream().map(CatalogChange::getChangeId).toList());
    }
}
