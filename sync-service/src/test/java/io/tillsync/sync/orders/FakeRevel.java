package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Revel's order resources: {@code GET /{tenant}/resources/Order/?local_id=X} answers
 * {@code {"meta":{...},"objects":[...]}}, {@code POST /{tenant}/resources/Order/} creates an order and answers it
 * with its {@code id}. It counts creations per local_id, can be taken down (503) per tenant, and can answer lookups
 * slowly to widen race windows, as a remote API under load does.
 */
final class FakeRevel implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger(9000);
    private volatile Duration lookupLatency = Duration.ZERO;

    FakeRevel() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl(String tenant, String token) {
        tokens.put(tenant, token);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant;
    }

    /** How many orders were created with this local_id. */
    int creates(String tenant, String localId) {
        AtomicInteger n = creates.get(tenant + "/" + localId);
        return n == null ? 0 : n.get();
    }

    JsonNode order(String tenant, String localId) {
        return orders.get(tenant + "/" + localId);
    }

    void down(String tenant, boolean isDown) {
        if (isDown) {
            down.add(tenant);
        } else {
            down.remove(tenant);
        }
    }

    void lookupLatency(Duration latency) {
        this.lookupLatency = latency;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            if (parts.length < 4 || !"resources".equals(parts[2]) || !"Order".equals(parts[3])) {
                send(exchange, 404, "{}");
                return;
            }
            String tenant = parts[1];
            if (down.contains(tenant)) {
                send(exchange, 503, "{\"error\":\"service unavailable\"}");
                return;
            }
            if (!tokens.getOrDefault(tenant, "").equals(exchange.getRequestHeaders().getFirst("API-AUTHENTICATION"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                lookup(exchange, tenant);
            } else if ("POST".equals(exchange.getRequestMethod())) {
                create(exchange, tenant);
            } else {
                send(exchange, 405, "{}");
            }
        }
    }

    private void lookup(HttpExchange exchange, String tenant) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String localId = null;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("local_id=")) {
                localId = URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8);
            }
        }
        if (!lookupLatency.isZero()) {
            try {
                Thread.sleep(lookupLatency.toMillis()); // simulated remote latency, not a test wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        JsonNode order = localId == null ? null : orders.get(tenant + "/" + localId);
        String objects = order == null ? "" : order.toString();
        send(exchange, 200, """
                {"meta":{"limit":1,"offset":0,"total_count":%d},"objects":[%s]}""".formatted(order == null ? 0 : 1, objects));
    }

    private void create(HttpExchange exchange, String tenant) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        String localId = body.path("local_id").asText();
        var order = body.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) order).put("id", nextId.incrementAndGet());
        orders.put(tenant + "/" + localId, order);
        creates.computeIfAbsent(tenant + "/" + localId, k -> new AtomicInteger()).incrementAndGet();
        send(exchange, 201, order.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
