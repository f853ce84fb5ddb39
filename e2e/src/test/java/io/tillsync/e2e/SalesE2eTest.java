package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * POS orders reach a subscriber as {@code sale.created}: a Shopify {@code orders/create} (the whole order in the body)
 * and a Square {@code order.created} (only the order id; sync-service fetches the order from a fake Square serving
 * RetrieveOrder's documented answer), each signed as its platform signs, through intake, sync and delivery.
 */
@Order(3)
class SalesE2eTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String ORDER_ID = "CAISENgvlJ6jLWAzERDzjyHVybY";
    static E2eStack stack;
    static HttpServer square;
    static Receiver receiver;
    static Tenant tenant;

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        square = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        square.createContext("/v2/orders/" + ORDER_ID, exchange -> {
            byte[] bytes = """
                    {"order":{"id":"CAISENgvlJ6jLWAzERDzjyHVybY","location_id":"057P5VYJ4A5X1","state":"OPEN","version":1,
                     "created_at":"2026-11-23T08:00:00Z","updated_at":"2026-11-23T08:00:00Z",
                     "line_items":[{"uid":"8uSwfzvUImn3IRrvciqlXC","catalog_object_id":"BEMYCSMIJL46OCDV4KYIKXIB",
                       "name":"New York Strip Steak","quantity":"1","base_price_money":{"amount":1599,"currency":"USD"},
                       "total_money":{"amount":1599,"currency":"USD"}}],
                     "total_money":{"amount":1599,"currency":"USD"},"total_tax_money":{"amount":0,"currency":"USD"}}}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        square.start();
        receiver = new Receiver();
        tenant = new Tenant(stack);
        tenant.connect("shopify", "e2e.myshopify.com", Map.of());
        tenant.connect("square", "SQ-MERCHANT", Map.of("settings", Map.of("notification_url", Tenant.SQUARE_NOTIFICATION_URL),
                "apiToken", "square-e2e-token", "apiBaseUrl", "http://127.0.0.1:" + square.getAddress().getPort()));
        tenant.endpoint(receiver.url("/hooks/" + tenant.id));
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
        square.stop(0);
    }

    @Test
    void shouldDeliverAShopifyOrdersCreateAndASquareOrderCreatedAsSaleCreated() throws Exception {
        Http.Response shop = tenant.shopify("orders/create", "ev-order-1", """
                {"id":820982911946154508,"name":"#9999","created_at":"2026-11-23T08:00:00-05:00",
                 "updated_at":"2026-11-23T08:00:00-05:00","cancelled_at":null,"closed_at":null,"financial_status":"paid",
                 "currency":"USD","total_price":"199.00","total_tax":"0.00",
                 "line_items":[{"id":866550311766439020,"product_id":632910392,"variant_id":808950810,
                  "title":"IPod Nano - 8GB","sku":"IPOD2008PINK","quantity":1,"price":"199.00"}]}""");
        assertThat(shop.status()).as(shop.body()).isEqualTo(202);
        Http.Response sq = tenant.square("""
                {"merchant_id":"SQ-MERCHANT","type":"order.created","event_id":"116038d3-%s",
                 "created_at":"2026-11-23T08:00:01Z","data":{"type":"order","id":"%s","object":{"order_created":{
                 "created_at":"2026-11-23T08:00:00Z","location_id":"057P5VYJ4A5X1","order_id":"%s","state":"OPEN",
                 "version":1}}}}""".formatted(tenant.id, ORDER_ID, ORDER_ID));
        assertThat(sq.status()).as(sq.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> sales().size() >= 2);
        List<JsonNode> sales = sales();
        assertThat(sales).extracting(s -> s.path("type").asText()).containsOnly("sale.created");
        assertThat(sales).extracting(s -> s.path("data").path("saleId").asText())
                .containsExactlyInAnyOrder("820982911946154508", ORDER_ID);
        JsonNode squareSale = sales.stream().filter(s -> ORDER_ID.equals(s.path("data").path("saleId").asText()))
                .findFirst().orElseThrow();
        assertThat(squareSale.path("data").path("total").asText()).isEqualTo("15.99");
        assertThat(squareSale.path("data").path("lines").get(0).path("name").asText()).isEqualTo("New York Strip Steak");
    }

    static List<JsonNode> sales() throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (Receiver.Request r : receiver.requests("/hooks/" + tenant.id)) {
            JsonNode body = Http.JSON.readTree(r.body());
            if (body.path("type").asText().startsWith("sale.")) {
                out.add(body);
            }
        }
        return out;
    }
}
