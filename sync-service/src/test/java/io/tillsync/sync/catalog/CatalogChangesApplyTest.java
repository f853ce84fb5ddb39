package io.tillsync.sync.catalog;

import static io.tillsync.sync.catalog.CatalogFixtures.T0;
import static io.tillsync.sync.catalog.CatalogFixtures.availability;
import static io.tillsync.sync.catalog.CatalogFixtures.change;
import static io.tillsync.sync.catalog.CatalogFixtures.delete;
import static io.tillsync.sync.catalog.CatalogFixtures.inventory;
import static io.tillsync.sync.catalog.CatalogFixtures.product;
import static io.tillsync.sync.catalog.CatalogFixtures.send;
import static io.tillsync.sync.catalog.CatalogFixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLowStock;
import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.ItemAvailabilityChanged;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.ProductChanged;
import io.tillsync.sync.SyncStackTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code catalog.changes} records on the real broker become menu item, inventory and product rows in the real
 * Postgres under last-writer-wins, and the public {@code platform.events} of what changed.
 */
class CatalogChangesApplyTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, Object> menuItem(String tenant, String item) {
        List<Map<String, Object>> rows = rows("SELECT * FROM sync.menu_item WHERE tenant = ? AND external_id = ?", tenant, item);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void shouldKeepTheNewestAvailabilityWhenAnOlderChangeArrivesLater() {
        String tenant = newTenant();
        CatalogChange newer = change(tenant, "conn-toast", "toast", "item-1", T0.plusSeconds(60), availability(false, "Burger"));
        CatalogChange older = change(tenant, "conn-toast", "toast", "item-1", T0, availability(true, "Burger"));
        send(newer);
        await().atMost(WAIT).until(() -> menuItem(tenant, "item-1") != null);
        send(older);
        CatalogChange marker = change(tenant, "conn-toast", "toast", "item-marker", T0, availability(true, "Marker"));
        send(marker);
        await().atMost(WAIT).until(() -> menuItem(tenant, "item-marker") != null);

        Map<String, Object> row = menuItem(tenant, "item-1");
        assertThat(row.get("is_available")).isEqualTo(false);
        assertThat(row.get("change_id")).isEqualTo(newer.getChangeId());
        assertThat(row.get("name")).isEqualTo("Burger");
        List<PlatformEvent> events = CatalogFixtures.events(tenant).stream()
                .filter(e -> "item-1".equals(e.getSubject())).toList();
        assertThat(events).extracting(PlatformEvent::getType).containsExactly("item.availability_changed");
        assertThat(((ItemAvailabilityChanged) events.get(0).getData()).getAvailable()).isFalse();
    }

    @Test
    void shouldBreakEqualSourceTimesByTheLargerChangeIdWhateverTheArrivalOrder() {
        String tenant = newTenant();
        CatalogChange a = change(tenant, "conn-sq", "square", "item-2", T0, "aaaa-1", availability(true, "Fries"));
        CatalogChange b = change(tenant, "conn-sq", "square", "item-2", T0, "bbbb-1", availability(false, "Fries"));
        CatalogChange c = change(tenant, "conn-sq", "square", "item-3", T0, "bbbb-2", availability(false, "Shake"));
        CatalogChange d = change(tenant, "conn-sq", "square", "item-3", T0, "aaaa-2", availability(true, "Shake"));
        send(b);
        send(a);
        send(d, c);
        await().atMost(WAIT).until(() -> menuItem(tenant, "item-3") != null && menuItem(tenant, "item-2") != null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(menuItem(tenant, "item-2").get("change_id")).isEqualTo("bbbb-1");
            assertThat(menuItem(tenant, "item-3").get("change_id")).isEqualTo("bbbb-2");
        });
        assertThat(menuItem(tenant, "item-2").get("is_available")).isEqualTo(false);
        assertThat(menuItem(tenant, "item-3").get("is_available")).isEqualTo(false);
    }

    @Test
    void shouldApplyARedeliveredChangeOnceAndReEmitOnlyTheSameEventId() {
        String tenant = newTenant();
        CatalogChange first = change(tenant, "conn-clover", "clover", "I:ITEM99", T0, availability(false, "Soup"));
        send(first);
        send(first);
        send(first);
        CatalogChange marker = change(tenant, "conn-clover", "clover", "I:ITEM99", T0.plusSeconds(5), availability(false, "Soup"));
        send(marker);
        await().atMost(WAIT).until(() -> marker.getChangeId().equals(menuItem(tenant, "I:ITEM99").get("change_id")));

        List<PlatformEvent> events = CatalogFixtures.events(tenant);
        // the marker does not flip availability, so it emits nothing; the first change's event may be re-emitted
        // on redelivery but always under the same id with the same content
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getEventId()).isEqualTo(CatalogEvents.eventId(first.getChangeId(), "item.availability_changed"));
            assertThat(e).isEqualTo(events.get(0));
        });
        assertThat(((java.sql.Timestamp) menuItem(tenant, "I:ITEM99").get("availability_updated_at")).toInstant())
                .isEqualTo(T0);
    }

    @Test
    void shouldPublishInventoryUpdatedAndLowStockOnlyWhenTheQuantityFallsBelowTheThreshold() {
        String tenant = newTenant();
        send(change(tenant, "conn-sq", "square", "VAR-1", T0, inventory("10")));
        send(change(tenant, "conn-sq", "square", "VAR-1", T0.plusSeconds(1), inventory("3")));
        send(change(tenant, "conn-sq", "square", "VAR-1", T0.plusSeconds(2), inventory("2")));
        send(change(tenant, "conn-sq", "square", "VAR-1", T0.plusSeconds(3), inventory("2")));

        List<PlatformEvent> lowStock = CatalogFixtures.awaitEvents(tenant, 1, e -> e.getType().equals("inventory.low_stock"));
        await().atMost(WAIT).until(() -> CatalogFixtures.events(tenant).stream()
                .filter(e -> e.getType().equals("inventory.updated")).count() >= 3);
        List<PlatformEvent> all = CatalogFixtures.events(tenant);
        List<String> updates = all.stream().filter(e -> e.getType().equals("inventory.updated"))
                .map(e -> ((InventoryUpdated) e.getData()).getQuantity().stripTrailingZeros().toPlainString()).distinct().toList();
        assertThat(updates).containsExactly("10", "3", "2");
        InventoryLowStock low = (InventoryLowStock) lowStock.get(0).getData();
        assertThat(low.getQuantity()).isEqualByComparingTo("3");
        assertThat(low.getThreshold()).isEqualByComparingTo("5");
        assertThat(all.stream().filter(e -> e.getType().equals("inventory.low_stock"))
                .map(PlatformEvent::getEventId).distinct().count()).isEqualTo(1);
        assertThat(rows("SELECT quantity FROM sync.inventory_level WHERE tenant = ?", tenant).get(0).get("quantity"))
                .isEqualTo(new BigDecimal("2.0000"));
    }

    @Test
    void shouldKeepDecimalPricesAndSoftDeleteTheProductWithItsVariants() {
        String tenant = newTenant();
        send(change(tenant, "conn-shop", "shopify", "9554194432293", T0,
                product("T-Shirt", variant("123456789", "TSHIRT-001", "29.99"), variant("123456790", "TSHIRT-002", "31.10"))));
        send(change(tenant, "conn-shop", "shopify", "9554194432293", T0.plusSeconds(10),
                product("T-Shirt v2", variant("123456789", "TSHIRT-001", "27.49"))));
        send(change(tenant, "conn-shop", "shopify", "9554194432293", T0.plusSeconds(20), delete()));

        List<PlatformEvent> events = CatalogFixtures.awaitEvents(tenant, 3, e -> e.getType().startsWith("product."));
        assertThat(events).extracting(PlatformEvent::getType)
                .containsExactly("product.created", "product.updated", "product.deleted");
        ProductChanged updated = (ProductChanged) events.get(1).getData();
        assertThat(updated.getVariants().get(0).getPrice()).isEqualByComparingTo("27.49");
        assertThat(updated.getSourceId()).isEqualTo("9554194432293");

        Map<String, Object> product = rows("SELECT * FROM sync.product WHERE tenant = ?", tenant).get(0);
        assertThat(product.get("deleted_at")).isNotNull();
        assertThat(product.get("title")).isEqualTo("T-Shirt v2");
        List<Map<String, Object>> variants = rows(
                "SELECT variant_id, price, deleted_at FROM sync.product_variant WHERE tenant = ? ORDER BY variant_id", tenant);
        assertThat(variants).hasSize(2).allSatisfy(v -> assertThat(v.get("deleted_at")).isNotNull());
        assertThat(variants.get(0).get("price")).isEqualTo(new BigDecimal("27.4900"));
        assertThat(variants.get(1).get("price")).isEqualTo(new BigDecimal("31.1000"));
    }

    @Test
    void shouldNotBringADeletedProductBackWhenAnOlderUpsertArrivesAfterTheDelete() {
        String tenant = newTenant();
        send(change(tenant, "conn-sq", "square", "ITEM-7", T0.plusSeconds(30), delete()));
        send(change(tenant, "conn-sq", "square", "ITEM-7", T0, product("Latte", variant("V7", "LAT", "4.50"))));
        send(change(tenant, "conn-sq", "square", "ITEM-8", T0, product("Mocha", variant("V8", "MOC", "5.00"))));

        CatalogFixtures.awaitEvents(tenant, 1, e -> e.getSubject().equals("ITEM-8"));
        await().atMost(WAIT).until(() -> rows("SELECT * FROM sync.product WHERE tenant = ?", tenant).size() == 2);
        Map<String, Object> latte = rows("SELECT * FROM sync.product WHERE tenant = ? AND source_id = 'ITEM-7'", tenant).get(0);
        assertThat(latte.get("deleted_at")).isNotNull();
        assertThat(latte.get("title")).isNull();
        Set<String> types = CatalogFixtures.events(tenant).stream().filter(e -> e.getSubject().equals("ITEM-7"))
                .map(PlatformEvent::getType).collect(Collectors.toSet());
        assertThat(types).isEmpty();
    }
}
