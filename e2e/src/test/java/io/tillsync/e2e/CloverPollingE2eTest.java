package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The webhook fallback: a Clover merchant that never sends webhooks is polled by poller-service through a fake
 * Clover REST API (item listing as docs/providers.md documents it: prices in cents, itemStock, hidden items), and its
 * items end up in sync-service's tables exactly as webhook-driven changes do.
 */
@Order(2)
class CloverPollingE2eTest {

    static final String MERCHANT = "MID0E2E";
    static final String TOKEN = "clover-e2e-token";
    static HttpServer clover;
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static E2eStack stack;

    @BeforeAll
    static void fakeClover() throws Exception {
        stack = E2eStack.get();
        clover = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        clover.createContext("/v3/merchants/" + MERCHANT + "/items", exchange -> {
            String query = URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
            requests.add(query);
            boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = !authorized ? "{\"message\":\"401 Unauthorized\"}"
                    : query.contains("fields=id") ? """
                    {"elements":[{"id":"CLV-BURGER"},{"id":"CLV-FRIES"},{"id":"CLV-BEER"}]}"""
                    : query.contains("offset=0") ? """
                    {"elements":[
                     {"id":"CLV-BURGER","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
                      "available":true,"modifiedTime":1763884800000,"itemStock":{"item":{"id":"CLV-BURGER"},"stockCount":12,"quantity":12.0}},
                     {"id":"CLV-FRIES","name":"Fries","price":399,"priceType":"FIXED","hidden":false,"available":false,
                      "modifiedTime":1763884800001},
                     {"id":"CLV-BEER","name":"Beer","price":700,"priceType":"FIXED","hidden":true,"modifiedTime":1763884800002}],
                     "href":"https://api.clover.com/v3/merchants/MID0E2E/items?limit=100"}"""
                    : "{\"elements\":[]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        clover.start();
    }

    @AfterAll
    static void stop() {
        clover.stop(0);
    }

    @Test
    void shouldPollACloverMerchantOnAManualSyncAndApplyItsItemsPricesStockAndHiddenItemsAsUnavailable() {
        Tenant tenant = new Tenant(stack);
        tenant.connect("clover", MERCHANT, Map.of("apiToken", TOKEN,
                "apiBaseUrl", "http://127.0.0.1:" + clover.getAddress().getPort()));

        Http.Response sync = Http.operator("POST", stack.url("sync-service") + "/api/clients/" + tenant.id + "/sync-availability", null);
        assertThat(sync.status()).as(sync.body()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(2)).until(() -> tenant.count(
                "SELECT count(*) FROM sync.product_variant v JOIN sync.product p ON p.id = v.product_id "
                        + "WHERE p.tenant = ? AND p.source_id = 'CLV-BURGER' AND v.price = 12.99", tenant.id) == 1);
        await().atMost(Duration.ofMinutes(1)).until(() -> Boolean.FALSE.equals(tenant.query(
                "SELECT is_available FROM sync.menu_item WHERE tenant = ? AND external_id = 'CLV-FRIES'", tenant.id)));
        await().atMost(Duration.ofMinutes(1)).until(() -> tenant.count("SELECT count(*) FROM sync.inventory_level "
                + "WHERE tenant = ? AND item_id = 'CLV-BURGER' AND quantity = 12", tenant.id) == 1);
        // a hidden item (age-restricted, say) exists but cannot be sold: unavailable, not deleted
        await().atMost(Duration.ofMinutes(1)).until(() -> Boolean.FALSE.equals(tenant.query(
                "SELECT is_available FROM sync.menu_item WHERE tenant = ? AND external_id = 'CLV-BEER'", tenant.id)));
        assertThat(tenant.count("SELECT count(*) FROM sync.product WHERE tenant = ? AND source_id = 'CLV-BEER' "
                + "AND deleted_at IS NULL", tenant.id)).isEqualTo(1L);
        assertThat(requests).anyMatch(q -> q.contains("filter=modifiedTime>=0") && q.contains("expand=itemStock"));
    }
}
