package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Toast stock events become availability changes; menus_updated fetches the menus. */
class ToastParserTest {

    private List<CatalogChange> parse(String body, ToastApi api) {
        var w = Webhooks.webhook("acme", "con_1", "toast", "x", "e445f586", body, Map.of());
        return new ToastParser(api).parse(Webhooks.event(w, Webhooks.connection("acme", "toast", "3325cc58"))).block();
    }

    @Test
    void shouldTurnOutOfStockIntoUnavailableAndLowQuantityIntoAvailable() {
        String template = """
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"%s","guid":"e445f586",
                 "details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"%s"}}""";
        CatalogChange out = parse(template.formatted("out_of_stock", "OUT_OF_STOCK"), null).get(0);
        CatalogChange low = parse(template.formatted("low_quantity", "LOW_QUANTITY"), null).get(0);

        assertThat(out.getItemId()).isEqualTo("1e199622");
        assertThat(out.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:30:00.187Z"));
        assertThat(((AvailabilityChange) out.getChange()).getAvailable()).isFalse();
        assertThat(((AvailabilityChange) out.getChange()).getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(((AvailabilityChange) low.getChange()).getAvailable()).isTrue();
    }

    @Test
    void shouldFetchMenusOnMenusUpdatedAndUpsertEachItemOnce() {
        String[] restaurant = new String[1];
        List<CatalogChange> changes = parse("""
                {"timestamp":"2025-04-22T19:30:00.000+0000","eventCategory":"menus","eventType":"menus_updated",
                 "guid":"g1","details":{"restaurantGuid":"3325cc58"}}""", (target, guid) -> {
            restaurant[0] = guid;
            return Mono.just(new JsonFixtures("""
                    {"restaurantGuid":"3325cc58","lastUpdated":"2025-04-22T19:29:00.000+0000","menus":[{"name":"Lunch",
                     "menuGroups":[{"name":"Mains","menuItems":[{"guid":"item-1","name":"Burger","price":12.99,"sku":"B1"}],
                       "menuGroups":[{"name":"Specials","menuItems":[{"guid":"item-2","name":"Soup","price":6.5},
                                                                      {"guid":"item-1","name":"Burger","price":12.99}]}]}]}]}""")
                    .first());
        });

        assertThat(restaurant[0]).isEqualTo("3325cc58");
        assertThat(changes).extracting(CatalogChange::getItemId).containsExactly("item-1", "item-2");
        ProductUpsert burger = (ProductUpsert) changes.get(0).getChange();
        assertThat(burger.getTitle()).isEqualTo("Burger");
        assertThat(burger.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("12.9900"));
        assertThat(changes.get(0).getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:29:00Z"));
    }
}
