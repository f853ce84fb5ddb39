package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.CatalogProgress;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each provider's webhooks arriving newest first, end to end (webhooks.inbound → parse → catalog.changes → rows):
 * the older event, processed last, never overwrites the newer state, because the row keeps the change with the
 * latest time the provider itself stamped (Toast {@code timestamp}, Square {@code calculated_at}, Shopify
 * {@code updated_at}, Clover {@code modifiedTime}), not the arrival order.
 */
class OutOfOrderWebhooksTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    ConnectionService connections;

    private final FakeProviderServer fake = new FakeProviderServer();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private Connection connect(String tenant, String provider, String account) {
        return connections.create(tenant, new ConnectionRequest(provider, account, null, "whsec-" + provider,
                "token-" + provider, fake.baseUrl(), null, null, null, null, null, null, null), Caller.operatorCaller()).block();
    }

    private static void send(Connection c, String eventType, String externalId, String body, Map<String, String> headers) {
        InboundWebhook w = Webhooks.webhook(c.tenant(), c.id(), c.provider(), eventType, externalId, body, headers);
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), w, Map.of("x-correlation-id", w.getCorrelationId()));
    }

    private static String toastStock(String type, String guid, String at) {
        return """
                {"timestamp":"%s","eventCategory":"stock","eventType":"%s","guid":"%s",
                 "details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"%s"}}"""
                .formatted(at, type, guid, type.toUpperCase());
    }

    @Test
    void shouldKeepToastsNewerOutOfStockWhenAnOlderInStockArrivesAfterIt() {
        String tenant = newTenant();
        Connection c = connect(tenant, "toast", "3325cc58");
        send(c, "out_of_stock", "g-new", toastStock("out_of_stock", "g-new", "2025-04-22T19:31:00.000+0000"), Map.of());
        send(c, "in_stock", "g-old", toastStock("in_stock", "g-old", "2025-04-22T19:30:00.000+0000"), Map.of());

        CatalogProgress.awaitApplied(tenant, 2, WAIT);
        assertThat(rows("SELECT is_available, source_time FROM sync.menu_item WHERE tenant = ?", tenant))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("is_available")).isEqualTo(false);
                    assertThat(r.get("source_time").toString()).startsWith("2025-04-22 19:31:00");
                });
    }

    @Test
    void shouldKeepSquaresNewerCountWhenAnOlderCountArrivesAfterIt() {
        String tenant = newTenant();
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5");
        send(c, "inventory.count.updated", "e-new", squareCount("e-new", "3", "2025-04-22T19:31:00Z"), Map.of());
        send(c, "inventory.count.updated", "e-old", squareCount("e-old", "10", "2025-04-22T19:30:00Z"), Map.of());

        // each count is an inventory level and the variation's availability
        CatalogProgress.awaitApplied(tenant, 4, WAIT);
        assertThat(rows("SELECT quantity FROM sync.inventory_level WHERE tenant = ?", tenant))
                .singleElement().satisfies(r -> assertThat(r.get("quantity")).isEqualTo(new BigDecimal("3.0000")));
    }

    @Test
    void shouldKeepShopifysNewerProductAndInventoryWhenOlderOnesArriveAfterThem() {
        String tenant = newTenant();
        Connection c = connect(tenant, "shopify", "shop.myshopify.com");
        send(c, "products/update", "p-new", shopifyProduct("T-Shirt v2", "27.49", "2025-04-22T14:31:00-05:00"),
                Map.of("x-shopify-topic", "products/update"));
        send(c, "inventory_levels/update", "i-new", shopifyLevel(2, "2025-04-22T14:31:00-05:00"),
                Map.of("x-shopify-topic", "inventory_levels/update"));
        send(c, "products/update", "p-old", shopifyProduct("T-Shirt", "29.99", "2025-04-22T14:30:00-05:00"),
                Map.of("x-shopify-topic", "products/update"));
        send(c, "inventory_levels/update", "i-old", shopifyLevel(9, "2025-04-22T14:30:00-05:00"),
                Map.of("x-shopify-topic", "inventory_levels/update"));

        // each product is an upsert and its variant's availability; the fake serves no inventory-item lookup
        CatalogProgress.awaitApplied(tenant, 6, WAIT);
        assertThat(rows("SELECT title FROM sync.product WHERE tenant = ?", tenant))
                .singleElement().satisfies(r -> assertThat(r.get("title")).isEqualTo("T-Shirt v2"));
        assertThat(rows("SELECT price FROM sync.product_variant WHERE tenant = ?", tenant))
                .singleElement().satisfies(r -> assertThat(r.get("price")).isEqualTo(new BigDecimal("27.4900")));
        assertThat(rows("SELECT quantity FROM sync.inventory_level WHERE tenant = ?", tenant))
                .singleElement().satisfies(r -> assertThat(r.get("quantity")).isEqualTo(new BigDecimal("2.0000")));
    }

    @Test
    void shouldKeepCloversNewerItemWhenAnOlderFetchIsAppliedAfterIt() {
        AtomicInteger calls = new AtomicInteger();
        // the first fetch sees the item as changed at 19:31; the second (a lagging read) as it was at 19:30
        fake.on("GET", "/v3/merchants/MID/items/ITEM99", r -> calls.incrementAndGet() == 1
                ? new FakeProviderServer.Response(200, cloverItem("Burger v2", true, 1745350260000L))
                : new FakeProviderServer.Response(200, cloverItem("Burger", false, 1745350200000L)));
        String tenant = newTenant();
        Connection c = connect(tenant, "clover", "MID");
        send(c, "UPDATE", null, cloverWebhook(1745350261000L), Map.of());
        CatalogProgress.awaitApplied(tenant, 3, WAIT);
        send(c, "UPDATE", null, cloverWebhook(1745350262000L), Map.of());

        CatalogProgress.awaitApplied(tenant, 6, WAIT);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(rows("SELECT title, hidden FROM sync.product WHERE tenant = ?", tenant)).singleElement()
                .satisfies(r -> assertThat(r.get("title")).isEqualTo("Burger v2"));
        assertThat(rows("SELECT is_available FROM sync.menu_item WHERE tenant = ?", tenant)).singleElement()
                .satisfies(r -> assertThat(r.get("is_available")).isEqualTo(false));
    }

    private static String squareCount(String eventId, String quantity, String at) {
        return """
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"%s","created_at":"%s",
                 "data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[{"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP",
                 "catalog_object_type":"ITEM_VARIATION","location_id":"YYQR03DGCTXA4","quantity":"%s","state":"IN_STOCK",
                 "calculated_at":"%s"}]}}}""".formatted(eventId, at, quantity, at);
    }

    private static String shopifyProduct(String title, String price, String updatedAt) {
        return """
                {"id":9554194432293,"title":"%s","status":"active","updated_at":"%s",
                 "variants":[{"id":123456789,"price":"%s","sku":"TSHIRT-001"}]}""".formatted(title, updatedAt, price);
    }

    private static String shopifyLevel(int available, String updatedAt) {
        return """
                {"inventory_item_id":271878346596884015,"location_id":24826418,"available":%d,"updated_at":"%s"}"""
                .formatted(available, updatedAt);
    }

    private static String cloverItem(String name, boolean hidden, long modifiedTime) {
        return """
                {"id":"ITEM99","name":"%s","price":1299,"priceType":"FIXED","hidden":%s,"modifiedTime":%d,
                 "itemStock":{"item":{"id":"ITEM99"},"stockCount":4,"quantity":4.0}}""".formatted(name, hidden, modifiedTime);
    }

    private static String cloverWebhook(long ts) {
        return """
                {"appId":"APP","merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":%d}]}}""".formatted(ts);
    }
}
