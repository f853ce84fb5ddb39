package io.tillsync.platforms.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

        assertThat(changes).hasSize(1);
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
    }

    @Test
    void shouldReadProductDeleteIdsAbove2To53Exactly() {
        List<CatalogChange> changes = parse("products/delete", "{\"id\":788032119674292922}");

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("788032119674292922");
            assertThat(c.getChange()).isInstanceOf(ProductDelete.class);
            assertThat(c.getSourceTime()).isEqualTo(Instant.parse("2025-04-22T19:30:59Z"));
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
