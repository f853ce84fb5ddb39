package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Square's documented payloads become inventory levels and, through a catalog fetch, product changes. */
class SquareParserTest {

    private static final InboundProperties PROPS =
            new InboundProperties(4, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(2), "2025-01-23");

    private final List<Instant> asked = new ArrayList<>();

    private List<CatalogChange> parse(String body, SquareApi api) {
        var w = Webhooks.webhook("acme", "con_1", "square", "x", "df5f3813", body, Map.of());
        return new SquareParser(api, PROPS).parse(Webhooks.event(w, Webhooks.connection("acme", "square", "6SSW7HV8K2ST5"))).block();
    }

    @Test
    void shouldTurnInventoryCountUpdatedWithStringQuantityIntoInventoryLevel() {
        List<CatalogChange> changes = parse("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"df5f3813",
                 "created_at":"2025-04-22T19:30:00Z","data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"YYQR03DGCTXA4","quantity":"10","state":"IN_STOCK","calculated_at":"2025-04-22T19:29:58.123Z"},
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","location_id":"YYQR03DGCTXA4","quantity":"3","state":"SOLD"}]}}}""",
                (t, b) -> Flux.empty());

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("FGQ5JJWT2PYTHF35CKZ2DSKP");
            InventoryLevel level = (InventoryLevel) c.getChange();
            assertThat(level.getQuantity()).isEqualTo(new BigDecimal("10.0000"));
            assertThat(level.getLocationId()).isEqualTo("YYQR03DGCTXA4");
            assertThat(level.getState()).isEqualTo("IN_STOCK");
            assertThat(c.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:29:58.123Z"));
        });
    }

    @Test
    void shouldFetchChangedObjectsFromTheVersionTimeOnCatalogVersionUpdated() {
        JsonFixtures objects = new JsonFixtures("""
                {"type":"ITEM","id":"ITEMA","updated_at":"2025-04-22T19:29:59Z","version":1713,"is_deleted":false,
                 "item_data":{"name":"Latte","variations":[{"type":"ITEM_VARIATION","id":"VARA",
                   "item_variation_data":{"name":"Large","sku":"LAT-L","price_money":{"amount":475,"currency":"USD"}}}]}}""",
                """
                {"type":"ITEM","id":"ITEMB","updated_at":"2025-04-22T19:29:59Z","version":1713,"is_deleted":true}""");
        List<CatalogChange> changes = parse("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"catalog.version.updated","event_id":"e1",
                 "data":{"type":"catalog","id":"","object":{"catalog_version":{"updated_at":"2025-04-22T19:30:00.000Z"}}}}""",
                (target, begin) -> {
                    asked.add(begin);
                    return Flux.fromIterable(objects.nodes());
                });

        assertThat(asked).containsExactly(Instant.parse("2025-04-22T19:28:00Z"));
        assertThat(changes).hasSize(2);
        ProductUpsert upsert = (ProductUpsert) changes.get(0).getChange();
        assertThat(changes.get(0).getItemId()).isEqualTo("ITEMA");
        assertThat(upsert.getTitle()).isEqualTo("Latte");
        assertThat(upsert.getVariants()).singleElement().satisfies(v -> {
            assertThat(v.getVariantId()).isEqualTo("VARA");
            assertThat(v.getPrice()).isEqualTo(new BigDecimal("4.7500"));
            assertThat(v.getCurrency()).isEqualTo("USD");
        });
        assertThat(changes.get(1).getItemId()).isEqualTo("ITEMB");
        assertThat(changes.get(1).getChange()).isInstanceOf(ProductDelete.class);
    }

    @Test
    void shouldRejectInventoryCountWithoutCounts() {
        assertThatThrownBy(() -> parse("{\"type\":\"inventory.count.updated\",\"data\":{}}", (t, b) -> Flux.empty()))
                .isInstanceOf(UnprocessableEventException.class);
    }
}
