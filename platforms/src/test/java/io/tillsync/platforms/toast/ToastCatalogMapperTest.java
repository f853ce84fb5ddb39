package io.tillsync.platforms.toast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.Fixtures;
import java.time.Duration;

/** Toast stock events become availability changes; menus_updated fetches the menus. */
class ToastCatalogMapperTest {

    private final FakeOutbound http = new FakeOutbound();

    private List<CatalogChange> parse(String body) {
        var event = Fixtures.event("toast", "x", "e445f586", body, Map.of(), "3325cc58");
        return new ToastCatalogMapper(new ToastClient(http, Duration.ofSeconds(5)))
                .changes(event, new ApiTarget("https://ws-api.toasttab.com", "tok")).block();
    }

    @Test
    void shouldTurnOutOfStockIntoUnavailableAndLowQuantityIntoAvailable() {
        String template = """
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"%s","guid":"e445f586",
                 "details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"%s"}}""";
        CatalogChange out = parse(template.formatted("out_of_stock", "OUT_OF_STOCK")).get(0);
        CatalogChange low = parse(template.formatted("low_quantity", "LOW_QUANTITY")).get(0);

        assertThat(out.getItemId()).isEqualTo("1e199622");
        assertThat(out.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:30:00.187Z"));
        assertThat(((AvailabilityChange) out.getChange()).getAvailable()).isFalse();
        assertThat(((AvailabilityChange) out.getChange()).getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(((AvailabilityChange) low.getChange()).getAvailable()).isTrue();
    }

    @Test
    void shouldMakeAQuantityItemAtZeroUnavailable() {
        CatalogChange zero = parse("""
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"low_quantity",
                 "guid":"e445f587","details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"QUANTITY",
                 "quantity":0.0}}""").get(0);

        assertThat(((AvailabilityChange) zero.getChange()).getAvailable()).isFalse();
        assertThat(((AvailabilityChange) zero.getChange()).getStatus()).isEqualTo("QUANTITY");
    }

    @Test
    void shouldFetchMenusOnMenusUpdatedAndUpsertEachItemOnce() {
        http.answer(200, """
                    {"restaurantGuid":"3325cc58","lastUpdated":"2025-04-22T19:29:00.000+0000","menus":[{"name":"Lunch",
                     "menuGroups":[{"name":"Mains","menuItems":[{"guid":"item-1","name":"Burger","price":12.99,"sku":"B1"}],
                       "menuGroups":[{"name":"Specials","menuItems":[{"guid":"item-2","name":"Soup","price":6.5},
                                                                      {"guid":"item-1","name":"Burger","price":12.99}]}]}]}]}""");
        List<CatalogChange> changes = parse("""
                {"timestamp":"2025-04-22T19:30:00.000+0000","eventCategory":"menus","eventType":"menus_updated",
                 "guid":"g1","details":{"restaurantGuid":"3325cc58"}}""");

        assertThat(http.requests()).singleElement().satisfies(r -> {
            assertThat(r.uri().toString()).isEqualTo("https://ws-api.toasttab.com/menus/v2/menus");
            assertThat(r.headers()).containsEntry("Toast-Restaurant-External-ID", "3325cc58")
                    .containsEntry("Authorization", "Bearer tok");
        });
        assertThat(changes).extracting(CatalogChange::getItemId).containsExactly("item-1", "item-2");
        ProductUpsert burger = (ProductUpsert) changes.get(0).getChange();
        assertThat(burger.getTitle()).isEqualTo("Burger");
        assertThat(burger.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("12.9900"));
        assertThat(changes.get(0).getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:29:00Z"));
    }
}
