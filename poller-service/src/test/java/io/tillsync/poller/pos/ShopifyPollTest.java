package io.tillsync.poller.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.poller.poll.PollRunner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shopify polling against {@link FakeShopify}: Link-header cursors (page size 2 in the test configuration), tracked
 * variants at zero with {@code inventory_policy: deny}, and a level that changed without its product.
 */
class ShopifyPollTest extends PosStackTestBase {

    @Test
    void shouldFollowLinkCursorsJudgeDenyAtZeroAndRefetchAProductWhoseLevelAloneChanged() {
        Instant old = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        FakeShopify shopify = fake(new FakeShopify()).shop("shp-tok");
        shopify.put(new FakeShopify.Product(9554194432293L, "Tee", 0, "deny", false, old))
                .put(new FakeShopify.Product(9554194432294L, "Mug", 0, "continue", false, old))
                .put(new FakeShopify.Product(9554194432295L, "Cap", 4, "deny", false, old));
        String tenant = newTenant();
        String connection = connection(tenant, "shopify", "demo.myshopify.com", "shp-tok", shopify.baseUrl(), "{}");

        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        List<CatalogChange> first = changes(tenant);
        assertThat(first).filteredOn(c -> c.getChange() instanceof ProductUpsert).hasSize(3);
        assertThat(first).filteredOn(c -> c.getChange() instanceof InventoryLevel).hasSize(3);
        assertThat(availability(first)).containsExactlyInAnyOrderEntriesOf(
                Map.of("9554194432293", false, "9554194432294", true, "9554194432295", true));
        assertThat(shopify.count("/products.json")).isEqualTo(2); // 3 products, 2 a page, page_info followed
        assertThat(shopify.requests()).filteredOn(r -> r.query().containsKey("page_info"))
                .allSatisfy(r -> assertThat(r.query()).doesNotContainKeys("updated_at_min", "location_ids"));

        shopify.clearRequests();
        Instant mark = Instant.now();
        shopify.stock(9554194432295L, 0, Instant.now().plusSeconds(1));
        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        assertThat(shopify.requests()).extracting(FakePlatform.Request::path).containsExactly(
                FakeShopify.PREFIX + "/products.json", FakeShopify.PREFIX + "/inventory_levels.json",
                FakeShopify.PREFIX + "/products.json");
        assertThat(shopify.requests().get(0).query()).containsKey("updated_at_min");
        List<CatalogChange> second = changesSince(tenant, mark);
        assertThat(availability(second)).containsExactlyEntriesOf(Map.of("9554194432295", false));
    }
}
