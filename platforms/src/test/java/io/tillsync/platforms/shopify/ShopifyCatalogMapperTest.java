package io.tillsync.platforms.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.WebhookEvent;
import org.junit.jupiter.api.Test;

/** Shopify's documented payloads become the expected normalized changes. */
class ShopifyCatalogMapperTest {

    private final ShopifyCatalogMapper parser = new ShopifyCatalogMapper();

    private List<CatalogChange> parse(String topic, String body) {
        WebhookEvent event = Fixtures.event("shopify", topic, "evt-1", body,
                Map.of("x-shopify-topic", topic, "x-shopify-triggered-at", "2025-04-22T19:30:59Z"), "shop.myshopify.com");
        assertThat(parser.supports(event)).isTrue();
        return parser.changes(event, null).block();
    }

    @Test
    void shouldTurnProductsUpdateIntoProductUpsertWithExactIdsAndDecimalPrices() {
        List<CatalogChange> changes = parse("products/update", """
                {"id":9554194432293,"title":"T-Shirt","status":"active","updated_at":"2025-04-22T14:30:00-05:00",
                 "variants":[{"id":123456789,"price":"29.99","sku":"TSHIRT-001"}]}""");

        assertThat(changes).hasSize(2);
        CatalogChange c = changes.get(0);
        assertThat(c.getItemId()).isEqualTo("9554194432293");
        assertThat(c.getTenant()).isEqualTo("acme");
        assertThat(c.getOrigin()).isEqualTo(ChangeOrigin.WEBHOOK);
        assertThat(c.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:30:00Z"));
        assertThat(c.getSourceEventId()).isEqualTo("evt-1");
        ProductUpsert upsert = (ProductUpsert) c.getChange();
        assertThat(upsert.getTitle()).isEqualTo("T-Shirt");
        assertThat(upsert.getHidden()).isFalse();
        assertThat(upsert.getVariants()).singleElement().satisfies(v -> {
            assertThat(v.getVariantId()).isEqualTo("123456789");
            assertThat(v.getSku()).isEqualTo("TSHIRT-001");
            assertThat(v.getPrice()).isEqualTo(new BigDecimal("29.9900"));
        });
        assertThat(changes.get(1).getItemId()).isEqualTo("123456789");
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isTrue();
            assertThat(a.getName()).isEqualTo("T-Shirt");
        });
    }

    @Test
    void shouldMakeATrackedVariantAtZeroWithDenyPolicyUnavailableAndOthersAvailable() {
        List<CatalogChange> changes = parse("products/update", """
                {"id":632910392,"title":"IPod Nano - 8GB","status":"active","updated_at":"2012-08-24T14:01:47-04:00",
                 "variants":[
                  {"id":808950810,"title":"Pink","price":"199.00","inventory_item_id":341629,"inventory_quantity":0,
                   "inventory_policy":"deny","inventory_management":"shopify"},
                  {"id":49148385,"title":"Red","price":"199.00","inventory_item_id":341630,"inventory_quantity":0,
                   "inventory_policy":"continue","inventory_management":"shopify"},
                  {"id":39072856,"title":"Green","price":"199.00","inventory_item_id":341631,"inventory_quantity":0,
                   "inventory_policy":"deny","inventory_management":null},
                  {"id":457924702,"title":"Black","price":"199.00","inventory_item_id":341632,"inventory_quantity":-2,
                   "inventory_policy":"deny","inventory_management":"shopify"}]}""");

        Map<String, AvailabilityChange> byVariant = new java.util.HashMap<>();
        changes.stream().filter(c -> c.getChange() instanceof AvailabilityChange)
                .forEach(c -> byVariant.put(c.getItemId(), (AvailabilityChange) c.getChange()));
        assertThat(byVariant.get("808950810").getAvailable()).isFalse();
        assertThat(byVariant.get("808950810").getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(byVariant.get("808950810").getName()).isEqualTo("IPod Nano - 8GB - Pink");
        assertThat(byVariant.get("49148385").getAvailable()).as("continue selling when out of stock").isTrue();
        assertThat(byVariant.get("39072856").getAvailable()).as("not tracked").isTrue();
        assertThat(byVariant.get("457924702").getAvailable()).isFalse();
    }

    @Test
    void shouldMakeEveryVariantOfADraftProductUnavailable() {
        List<CatalogChange> changes = parse("products/update", """
                {"id":1,"title":"Seasonal","status":"draft","updated_at":"2025-04-22T14:30:00-05:00",
                 "variants":[{"id":11,"price":"5.00","inventory_quantity":8,"inventory_policy":"deny",
                   "inventory_management":"shopify"}]}""");

        assertThat(changes.get(1).getItemId()).isEqualTo("11");
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("HIDDEN");
        });
    }

    @Test
    void shouldLookUpTheVariantOfAnInventoryLevelAndDecideItsAvailability() {
        FakeOutbound http = new FakeOutbound();
        http.answer(200, """
                {"data":{"inventoryItem":{"tracked":true,"variant":{"legacyResourceId":"808950810","title":"Pink",
                 "inventoryPolicy":"DENY","inventoryQuantity":0,"product":{"title":"IPod Nano","status":"ACTIVE"}}}},
                 "extensions":{"cost":{"requestedQueryCost":3}}}""");
        ShopifyCatalogMapper fetching = new ShopifyCatalogMapper(new ShopifyAdminClient(http, "2024-10",
                java.time.Duration.ofSeconds(5)));
        WebhookEvent event = Fixtures.event("shopify", "inventory_levels/update", "evt-9", """
                {"inventory_item_id":341629,"location_id":24826418,"available":0,"updated_at":"2025-04-22T14:31:00-05:00"}""",
                Map.of("x-shopify-topic", "inventory_levels/update"), "shop.myshopify.com");

        List<CatalogChange> changes = fetching.changes(event,
                new ApiTarget("https://shop.myshopify.com", "shpat_x")).block();

        assertThat(http.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.uri().toString()).isEqualTo("https://shop.myshopify.com/admin/api/2024-10/graphql.json");
            assertThat(r.headers()).containsEntry("X-Shopify-Access-Token", "shpat_x");
            assertThat(Fixtures.json(FakeOutbound.body(r)).path("variables").path("id").asText())
                    .isEqualTo("gid://shopify/InventoryItem/341629");
        });
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).getChange()).isInstanceOf(InventoryLevel.class);
        assertThat(changes.get(1).getItemId()).isEqualTo("808950810");
        assertThat(changes.get(1).getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:31:00Z"));
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("OUT_OF_STOCK");
            assertThat(a.getName()).isEqualTo("IPod Nano - Pink");
        });
    }

    @Test
    void shouldReadProductDeleteIdsAbove2To53Exactly() {
        List<CatalogChange> changes = parse("products/delete", "{\"id\":788032119674292922}");

        assertThat(changes).hasSize(2).allSatisfy(c -> {
            assertThat(c.getItemId()).isEqualTo("788032119674292922");
            assertThat(c.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:30:59Z"));
        });
        assertThat(changes.get(0).getChange()).isInstanceOf(ProductDelete.class);
        assertThat((AvailabilityChange) changes.get(1).getChange()).satisfies(a -> {
            assertThat(a.getAvailable()).isFalse();
            assertThat(a.getStatus()).isEqualTo("DELETED");
        });
    }

    @Test
    void shouldTurnInventoryLevelsUpdateIntoInventoryLevelOfTheInventoryItem() {
        List<CatalogChange> changes = parse("inventory_levels/update", """
                {"inventory_item_id":271878346596884015,"location_id":24826418,"available":6,
                 "updated_at":"2025-04-22T14:31:00-05:00"}""");

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("271878346596884015");
            InventoryLevel level = (InventoryLevel) c.getChange();
            assertThat(level.getQuantity()).isEqualTo(new BigDecimal("6.0000"));
            assertThat(level.getLocationId()).isEqualTo("24826418");
            assertThat(c.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:31:00Z"));
        });
    }

    @Test
    void shouldGiveTheSameChangeIdWhenTheSameEventIsParsedAgain() {
        String body = "{\"id\":788032119674292922}";
        assertThat(parse("products/delete", body).get(0).getChangeId())
                .isEqualTo(parse("products/delete", body).get(0).getChangeId());
    }

    @Test
    void shouldNotSupportShopifyTopicsOutsideTheCatalog() {
        assertThat(parser.supports(Fixtures.event("shopify", "orders/create", "evt-2", "{\"id\":1}",
                Map.of("x-shopify-topic", "orders/create"), null))).isFalse();
    }
}
