package io.tillsync.platforms.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.PlatformDataException;
import java.time.Clock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Square's documented payloads become inventory levels and, through a catalog fetch, product changes. */
class SquareCatalogMapperTest {

    private static final ApiTarget TARGET = new ApiTarget("https://connect.squareupsandbox.com/", "tok");

    private final FakeOutbound http = new FakeOutbound();

    private List<CatalogChange> parse(String body) {
        var event = Fixtures.event("square", "x", "df5f3813", body, Map.of(), "6SSW7HV8K2ST5");
        return new SquareCatalogMapper(new SquareClient(http, "2025-01-23", Duration.ofSeconds(5), Clock.systemUTC()),
                Duration.ofMinutes(2)).changes(event, TARGET).block();
    }

    @Test
    void shouldTurnInventoryCountUpdatedWithStringQuantityIntoInventoryLevel() {
        List<CatalogChange> changes = parse("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"df5f3813",
                 "created_at":"2025-04-22T19:30:00Z","data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"YYQR03DGCTXA4","quantity":"10","state":"IN_STOCK","calculated_at":"2025-04-22T19:29:58.123Z"},
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","location_id":"YYQR03DGCTXA4","quantity":"3","state":"SOLD"}]}}}""");

        assertThat(http.requests()).isEmpty();
        assertThat(changes).hasSize(2);
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isTrue();
            assertThat(a.getStatus()).isEqualTo("IN_STOCK");
        });
        assertThat(changes.get(1).getItemId()).isEqualTo("FGQ5JJWT2PYTHF35CKZ2DSKP");
        assertThat(changes).first().satisfies(c -> {
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
        http.answer(200, """
                {"objects":[{"type":"ITEM","id":"ITEMA","updated_at":"2025-04-22T19:29:59Z","version":1713,"is_deleted":false,
                 "item_data":{"name":"Latte","variations":[{"type":"ITEM_VARIATION","id":"VARA",
                   "item_variation_data":{"name":"Large","sku":"LAT-L","price_money":{"amount":475,"currency":"USD"}}}]}}],
                 "cursor":"next"}""").answer(200, """
                {"objects":[{"type":"ITEM","id":"ITEMB","updated_at":"2025-04-22T19:29:59Z","version":1713,"is_deleted":true}]}""");
        List<CatalogChange> changes = parse("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"catalog.version.updated","event_id":"e1",
                 "data":{"type":"catalog","id":"","object":{"catalog_version":{"updated_at":"2025-04-22T19:30:00.000Z"}}}}""");

        assertThat(http.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.uri().toString()).isEqualTo("https://connect.squareupsandbox.com/v2/catalog/search");
            assertThat(r.headers()).containsEntry("Square-Version", "2025-01-23").containsEntry("Authorization", "Bearer tok");
            JsonNode body = Fixtures.json(FakeOutbound.body(r));
            assertThat(body.path("begin_time").asText()).isEqualTo("2025-04-22T19:28:00Z");
            assertThat(body.path("include_deleted_objects").asBoolean()).isTrue();
        });
        assertThat(Fixtures.json(FakeOutbound.body(http.requests().get(1))).path("cursor").asText()).isEqualTo("next");
        assertThat(changes).hasSize(4);
        ProductUpsert upsert = (ProductUpsert) changes.get(0).getChange();
        assertThat(changes.get(0).getItemId()).isEqualTo("ITEMA");
        assertThat(upsert.getTitle()).isEqualTo("Latte");
        assertThat(upsert.getVariants()).singleElement().satisfies(v -> {
            assertThat(v.getVariantId()).isEqualTo("VARA");
            assertThat(v.getPrice()).isEqualTo(new BigDecimal("4.7500"));
            assertThat(v.getCurrency()).isEqualTo("USD");
        });
        assertThat(changes.get(1).getItemId()).isEqualTo("VARA");
        assertThat(((AvailabilityChange) changes.get(1).getChange()).getAvailable()).isTrue();
        assertThat(changes.get(2).getItemId()).isEqualTo("ITEMB");
        assertThat(changes.get(2).getChange()).isInstanceOf(ProductDelete.class);
        assertThat(changes.get(3).getItemId()).isEqualTo("ITEMB");
        assertThat(((AvailabilityChange) changes.get(3).getChange()).getStatus()).isEqualTo("DELETED");
    }

    @Test
    void shouldMakeAVariationAtZeroUnavailable() {
        List<CatalogChange> changes = parse("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"e2",
                 "created_at":"2025-04-22T19:30:00Z","data":{"type":"inventory","id":"84e5","object":{"inventory_counts":[
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"YYQR03DGCTXA4","quantity":"0","state":"IN_STOCK","calculated_at":"2025-04-22T19:29:58Z"}]}}}""");

        assertThat(changes).hasSize(2);
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("OUT_OF_STOCK");
        });
    }

    @Test
    void shouldMakeAVariationSoldOutAtALocationOrOfAnArchivedItemUnavailable() {
        JsonNode soldOut = Fixtures.json("""
                {"type":"ITEM","id":"ITEMS","updated_at":"2025-04-22T19:29:59Z","version":1714,
                 "item_data":{"name":"Bagel","variations":[
                  {"type":"ITEM_VARIATION","id":"VAR1","version":1714,"item_variation_data":{"name":"Plain",
                   "track_inventory":true,"location_overrides":[{"location_id":"L1","track_inventory":true,"sold_out":true},
                    {"location_id":"L2","track_inventory":true,"sold_out":false}]}},
                  {"type":"ITEM_VARIATION","id":"VAR2","version":1714,"item_variation_data":{"name":"Sesame"}}]}}""");
        var event = Fixtures.event("square", "catalog.version.updated", "e3", "{}", Map.of(), null);

        List<CatalogChange> any = SquareCatalogMapper.catalogObjectChanges(event, soldOut, Fixtures.RECEIVED, null);
        List<CatalogChange> atL2 = SquareCatalogMapper.catalogObjectChanges(event, soldOut, Fixtures.RECEIVED, "L2");

        assertThat(any).extracting(CatalogChange::getItemId).containsExactly("ITEMS", "VAR1", "VAR2");
        assertThat((AvailabilityChange) any.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("SOLD_OUT");
            assertThat(a.getName()).isEqualTo("Plain");
        });
        assertThat(((AvailabilityChange) any.get(2).getChange()).getAvailable()).isTrue();
        assertThat(((AvailabilityChange) atL2.get(1).getChange()).getAvailable()).isTrue();

        JsonNode archived = Fixtures.json("""
                {"type":"ITEM","id":"ITEMA","updated_at":"2025-04-22T19:29:59Z","version":9,
                 "item_data":{"name":"Old","is_archived":true,"variations":[{"type":"ITEM_VARIATION","id":"VARX",
                  "item_variation_data":{"name":"Regular"}}]}}""");
        assertThat((AvailabilityChange) SquareCatalogMapper.catalogObjectChanges(event, archived, Fixtures.RECEIVED, null)
                .get(1).getChange()).satisfies(a -> {
                    assertThat(a.getAvailable()).isFalse();
                    assertThat(a.getStatus()).isEqualTo("HIDDEN");
                });
    }

    @Test
    void shouldRejectInventoryCountWithoutCounts() {
        assertThatThrownBy(() -> parse("{\"type\":\"inventory.count.updated\",\"data\":{}}"))
                .isInstanceOf(PlatformDataException.class);
    }

    @Test
    void shouldRejectAHugeQuantityBeforeAnyArithmetic() {
        assertThatThrownBy(() -> parse("""
                {"type":"inventory.count.updated","data":{"object":{"inventory_counts":[
                  {"catalog_object_id":"V","location_id":"L","quantity":"1e20000000","state":"IN_STOCK"}]}}}"""))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("quantity out of range");
    }
}
