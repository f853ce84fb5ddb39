package io.tillsync.sync.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.Sale;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * POS order webhooks on the real {@code webhooks.inbound} become sale events on the real {@code platform.events}, once
 * per order version; Square's orders are fetched from a local fake serving RetrieveOrder's documented shape.
 */
class SaleWebhooksTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    ConnectionService connections;

    private final FakeProviderServer fake = new FakeProviderServer();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private Connection connect(String tenant, String provider, String account) {
        return connections.create(tenant, new ConnectionRequest(provider, account, null, "whsec-" + provider,
                "token-" + provider, fake.baseUrl(), null, null, null, null, null, null, null),
                Caller.operatorCaller()).block();
    }

    private static InboundWebhook send(Connection c, String eventType, String externalId, String body,
            Map<String, String> headers) {
        InboundWebhook w = InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant(c.tenant())
                .setConnectionId(c.id()).setProvider(c.provider()).setEventType(eventType)
                .setExternalEventId(externalId).setReceivedAt(Instant.now()).setHeaders(headers)
                .setContentType("application/json").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build();
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), w, Map.of("x-correlation-id", w.getCorrelationId()));
        return w;
    }

    private static void awaitAudit(InboundWebhook w, String status) {
        await("audit of " + w.getId() + " is " + status).atMost(WAIT).until(() ->
                rows("SELECT status FROM sync.webhook_audit WHERE id = ?::uuid", w.getId()).stream()
                        .anyMatch(r -> status.equals(r.get("status"))));
    }

    private static List<PlatformEvent> sales(String tenant, int count) {
        return TopicProbe.await(Topics.PLATFORM_EVENTS, count, WAIT, r -> tenant.equals(r.value().getTenant())
                && r.value().getType().startsWith("sale.")).stream().map(ConsumerRecord::value).toList();
    }

    private static String shopifyOrder(String updatedAt, String financial, String cancelledAt) {
        return """
                {"id":820982911946154508,"name":"#9999","order_number":1234,"created_at":"2025-04-22T14:30:00-05:00",
                 "updated_at":"%s","cancelled_at":%s,"closed_at":null,"financial_status":"%s","currency":"USD",
                 "total_price":"403.00","subtotal_price":"393.00","total_tax":"10.00","location_id":null,
                 "line_items":[{"id":866550311766439020,"product_id":632910392,"variant_id":808950810,
                  "title":"IPod Nano - 8GB","variant_title":"Pink","sku":"IPOD2008PINK","quantity":1,"price":"199.00"},
                  {"id":141249953214522974,"product_id":632910392,"variant_id":49148385,"title":"IPod Nano - 8GB",
                  "sku":"IPOD2008RED","quantity":1,"price":"194.00"}]}""".formatted(updatedAt,
                cancelledAt == null ? "null" : "\"" + cancelledAt + "\"", financial);
    }

    private static Map<String, String> shopify(String topic) {
        return Map.of("x-shopify-topic", topic, "x-shopify-hmac-sha256", "c2ln");
    }

    @Test
    void shouldPublishShopifyOrdersOncePerVersionAsCreatedThenStatusChangedThenRefunded() {
        String tenant = newTenant();
        Connection c = connect(tenant, "shopify", "shop.myshopify.com");
        InboundWebhook created = send(c, "orders/create", "e1-" + tenant,
                shopifyOrder("2025-04-22T14:30:00-05:00", "pending", null), shopify("orders/create"));
        awaitAudit(created, "processed");
        // the same version again (orders/updated fired with orders/create) and an older one publish nothing
        InboundWebhook same = send(c, "orders/updated", "e2-" + tenant,
                shopifyOrder("2025-04-22T14:30:00-05:00", "pending", null), shopify("orders/updated"));
        InboundWebhook older = send(c, "orders/updated", "e3-" + tenant,
                shopifyOrder("2025-04-22T14:29:00-05:00", "pending", null), shopify("orders/updated"));
        awaitAudit(same, "processed");
        awaitAudit(older, "processed");
        InboundWebhook cancelled = send(c, "orders/cancelled", "e4-" + tenant,
                shopifyOrder("2025-04-22T14:40:00-05:00", "voided", "2025-04-22T14:40:00-05:00"),
                shopify("orders/cancelled"));
        awaitAudit(cancelled, "processed");
        InboundWebhook refund = send(c, "refunds/create", "e5-" + tenant, """
                {"id":509562969,"order_id":820982911946154508,"created_at":"2025-04-22T14:45:00-05:00",
                 "note":"it broke during shipping","refund_line_items":[],
                 "transactions":[{"id":389404469,"amount":"41.94","kind":"refund","status":"success","currency":"USD"}]}""",
                shopify("refunds/create"));
        awaitAudit(refund, "processed");

        List<PlatformEvent> events = sales(tenant, 3);
        assertThat(events).extracting(PlatformEvent::getType)
                .containsExactly("sale.created", "sale.status_changed", "sale.refunded");
        Sale sale = (Sale) events.get(0).getData();
        assertThat(sale.getSaleId()).isEqualTo("820982911946154508");
        assertThat(sale.getTotal()).isEqualTo(new BigDecimal("403.0000"));
        assertThat(sale.getLines()).hasSize(2);
        assertThat(events.get(0).getSubject()).isEqualTo("820982911946154508");
        Sale changed = (Sale) events.get(1).getData();
        assertThat(changed.getStatus()).isEqualTo("CANCELED");
        assertThat(changed.getPreviousStatus()).isEqualTo("OPEN");
        Sale refunded = (Sale) events.get(2).getData();
        assertThat(refunded.getRefund().getAmount()).isEqualTo(new BigDecimal("41.9400"));
        assertThat(refunded.getStatus()).isEqualTo("CANCELED");
        assertThat(TopicProbe.readAll(Topics.PLATFORM_EVENTS, r -> tenant.equals(r.value().getTenant())))
                .as("a duplicate and an older version publish nothing").hasSize(3);
    }

    @Test
    void shouldFetchASquareOrderNamedByOrderCreatedAndPublishItAsSaleCreated() {
        String tenant = newTenant();
        fake.on("GET", "/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY", 200, """
                {"order":{"id":"CAISENgvlJ6jLWAzERDzjyHVybY","location_id":"057P5VYJ4A5X1","state":"OPEN","version":1,
                 "created_at":"2025-04-22T19:30:00Z","updated_at":"2025-04-22T19:30:00Z",
                 "line_items":[{"uid":"8uSwfzvUImn3IRrvciqlXC","catalog_object_id":"BEMYCSMIJL46OCDV4KYIKXIB",
                   "name":"New York Strip Steak","quantity":"1","base_price_money":{"amount":1599,"currency":"USD"},
                   "total_money":{"amount":1599,"currency":"USD"}}],
                 "total_money":{"amount":1599,"currency":"USD"},"total_tax_money":{"amount":0,"currency":"USD"}}}""");
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5");
        InboundWebhook w = send(c, "order.created", "sq-" + tenant, """
                {"merchant_id":"6SSW7HV8K2ST5","type":"order.created","event_id":"116038d3-2948-439f-8679-fc86cbf1957c",
                 "created_at":"2025-04-22T19:30:01.000Z","data":{"type":"order","id":"CAISENgvlJ6jLWAzERDzjyHVybY",
                 "object":{"order_created":{"created_at":"2025-04-22T19:30:00Z","location_id":"057P5VYJ4A5X1",
                 "order_id":"CAISENgvlJ6jLWAzERDzjyHVybY","state":"OPEN","version":1}}}}""",
                Map.of("x-square-hmacsha256-signature", "c2ln"));

        awaitAudit(w, "processed");
        PlatformEvent event = sales(tenant, 1).get(0);
        assertThat(event.getType()).isEqualTo("sale.created");
        Sale sale = (Sale) event.getData();
        assertThat(sale.getProvider()).isEqualTo("square");
        assertThat(sale.getVersion()).isEqualTo(1L);
        assertThat(sale.getTotal()).isEqualTo(new BigDecimal("15.9900"));
        assertThat(sale.getLines()).singleElement().satisfies(l ->
                assertThat(l.getVariantId()).isEqualTo("BEMYCSMIJL46OCDV4KYIKXIB"));
        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY");
            assertThat(r.authorization()).isEqualTo("Bearer token-square");
        });
    }

    @Test
    void shouldAuditASquareOrderThatCannotBeFoundAsFailed() {
        String tenant = newTenant();
        fake.on("GET", "/v2/orders/GONE", 404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5");
        InboundWebhook w = send(c, "order.updated", "sq-gone-" + tenant, """
                {"merchant_id":"6SSW7HV8K2ST5","type":"order.updated","event_id":"e-gone","created_at":"2025-04-22T19:30:01Z",
                 "data":{"type":"order","id":"GONE","object":{"order_updated":{"order_id":"GONE","state":"OPEN","version":2,
                 "location_id":"L","created_at":"2025-04-22T19:30:00Z","updated_at":"2025-04-22T19:30:01Z"}}}}""",
                Map.of());

        awaitAudit(w, "failed");
        assertThat(rows("SELECT error FROM sync.webhook_audit WHERE id = ?::uuid", w.getId()).get(0).get("error"))
                .asString().contains("GONE");
    }
}
