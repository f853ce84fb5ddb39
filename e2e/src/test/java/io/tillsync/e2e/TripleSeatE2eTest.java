package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * TripleSeat → Revel order injection through all three tiers on the running stack, against a fake TripleSeat event
 * API and a fake Revel order API (the shapes sync-service/ORDERS.md records): a signed TripleSeat webhook through
 * intake injects the event's order once, a replay of it injects nothing more; the manual sync endpoint injects an
 * event whose webhook never came; and an event whose injection failed while Revel was down is injected by
 * poller-service's scheduled reconciliation (every few seconds here, 45 minutes in production) without anyone
 * calling again.
 */
@Order(3)
class TripleSeatE2eTest {

    static final String TS_TOKEN = "ts-e2e-token";
    static final String REVEL_TOKEN = "revel-key:revel-secret";
    static final Pattern EVENT = Pattern.compile("/v1/events/([^/]+)\\.json");

    static E2eStack stack;
    static HttpServer server;
    static final Map<String, String> events = new ConcurrentHashMap<>();
    static final Map<String, JsonNode> orders = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    static volatile boolean revelDown;
    static final AtomicInteger nextOrder = new AtomicInteger(9000);

    Tenant tenant;
    String tenantKey;

    @BeforeAll
    static void fakes() throws IOException {
        stack = E2eStack.get();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tripleseat", TripleSeatE2eTest::tripleseat);
        server.createContext("/revel", TripleSeatE2eTest::revel);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    void venue() {
        tenant = new Tenant(stack);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        tenant.connect("tripleseat", "site-" + tenant.id, Map.of("apiToken", TS_TOKEN, "apiBaseUrl", base + "/tripleseat"));
        tenant.connect("revel", "/enterprise/Establishment/1/", Map.of("apiToken", REVEL_TOKEN,
                "apiBaseUrl", base + "/revel"));
        tenantKey = tenant.apiKey();
    }

    @Test
    void shouldInjectAWebhookedEventOnceEvenWhenTheWebhookIsReplayed() {
        venue();
        String id = event("Smith wedding");
        String body = webhook("CREATE_EVENT", id);

        Http.Response first = tripleseat(body);
        assertThat(first.status()).as("TripleSeat is answered 200: " + first.body()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> orders.containsKey(localId(id)));
        JsonNode order = orders.get(localId(id));
        assertThat(order.path("establishment").asText()).isEqualTo("/enterprise/Establishment/1/");
        assertThat(order.path("items").get(0).path("sku").asText()).isEqualTo("CAKE-1");

        Http.Response replay = tripleseat(body);
        assertThat(replay.status()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> tenant.count("SELECT count(*) FROM sync.webhook_audit "
                + "WHERE tenant = ? AND duplicate_of IS NOT NULL", tenant.id) == 1);
        assertThat(tenant.query("SELECT outcome FROM sync.order_injection WHERE tenant = ? AND event_id = ?", tenant.id, id))
                .isEqualTo("injected");
        assertThat(creates.get(localId(id)).get()).as("one Revel order for one event").isEqualTo(1);
    }

    @Test
    void shouldInjectAnEventWhoseWebhookNeverCameThroughTheManualSyncEndpoint() {
        venue();
        String id = event("Board dinner");

        Http.Response r = Http.as(tenantKey, "GET", stack.url("sync-service") + "/api/sync/tripleseat?event_id=" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("summary").path("injected").asInt()).isEqualTo(1);
        assertThat(r.json().path("events").get(0).path("revel_order_id").asText())
                .isEqualTo(orders.get(localId(id)).path("id").asText());

        Http.Response again = Http.as(tenantKey, "GET", stack.url("sync-service") + "/api/sync/tripleseat?event_id=" + id, null);
        assertThat(again.json().path("events").get(0).path("reason").asText()).isEqualTo("duplicate");
        assertThat(creates.get(localId(id)).get()).isEqualTo(1);
    }

    @Test
    void shouldInjectAnEventThatFailedWhileRevelWasDownOnTheScheduledReconciliation() {
        venue();
        String id = event("Retirement party");
        revelDown = true;
        try {
            assertThat(tripleseat(webhook("CREATE_EVENT", id)).status()).isEqualTo(200);
            await().atMost(Duration.ofMinutes(1)).until(() -> "failed".equals(tenant.query(
                    "SELECT outcome FROM sync.order_injection WHERE tenant = ? AND event_id = ?", tenant.id, id)));
            assertThat(orders).doesNotContainKey(localId(id));
        } finally {
            revelDown = false;
        }
        // nobody calls again: poller-service's reconciliation asks sync-service for a bulk run of the connection
        await().atMost(Duration.ofMinutes(2)).until(() -> orders.containsKey(localId(id)));
        await().atMost(Duration.ofMinutes(1)).until(() -> "scheduled".equals(tenant.query(
                "SELECT trigger FROM sync.order_injection WHERE tenant = ? AND event_id = ? AND outcome = 'injected'",
                tenant.id, id)));
        assertThat(creates.get(localId(id)).get()).isEqualTo(1);
    }

    /**
     * A TripleSeat event of this tenant dated today at the venue (Pacific, the default time zone: inside the time
     * gate), with one item in the line items {@code show_financial=true} adds.
     */
    String event(String name) {
        String id = String.valueOf(100000 + nextOrder.incrementAndGet());
        events.put(id, """
                {"event":{"id":%s,"name":"%s","status":"DEFINITE","event_date_iso8601":"%s",
                 "line_items":[{"name":"Wedding cake","sku":"CAKE-1","quantity":1,"price":"250.00"}]}}"""
                .formatted(id, name, LocalDate.now(ZoneId.of("America/Los_Angeles"))));
        return id;
    }

    static String webhook(String trigger, String id) {
        return """
                {"webhook_trigger_type":"%s","message":"Event changed","object":{"id":%s,"updated_at":"2026-11-23T10:00:00Z"}}"""
                .formatted(trigger, id);
    }

    Http.Response tripleseat(String body) {
        return Http.post(tenant.intake("tripleseat"), Map.of("Content-Type", "application/json",
                "X-Signature", Signers.tripleseat(tenant.secrets.get("tripleseat"), body)), body);
    }

    static String localId(String eventId) {
        return "Triple Seat_" + eventId;
    }

    private static void tripleseat(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = EVENT.matcher(exchange.getRequestURI().getPath().substring("/tripleseat".length()));
            if (!("Bearer " + TS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
            } else if (!m.matches() || !events.containsKey(m.group(1))) {
                send(exchange, 404, "{\"error\":\"not found\"}");
            } else {
                send(exchange, 200, events.get(m.group(1)));
            }
        }
    }

    private static void revel(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (revelDown) {
                send(exchange, 503, "{\"error\":\"service unavailable\"}");
                return;
            }
            if (!REVEL_TOKEN.equals(exchange.getRequestHeaders().getFirst("API-AUTHENTICATION"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                String query = String.valueOf(exchange.getRequestURI().getRawQuery());
                String localId = null;
                for (String pair : query.split("&")) {
                    if (pair.startsWith("local_id=")) {
                        localId = URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
                    }
                }
                JsonNode order = localId == null ? null : orders.get(localId);
                send(exchange, 200, """
                        {"meta":{"limit":1,"offset":0,"total_count":%d},"objects":[%s]}"""
                        .formatted(order == null ? 0 : 1, order == null ? "" : order.toString()));
            } else {
                ObjectNode order = (ObjectNode) Http.JSON.readTree(exchange.getRequestBody());
                order.put("id", nextOrder.incrementAndGet());
                String localId = order.path("local_id").asText();
                orders.put(localId, order);
                creates.computeIfAbsent(localId, k -> new AtomicInteger()).incrementAndGet();
                send(exchange, 201, order.toString());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
