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
 * with its {@code id}. It counts lookups and creations per local_id, can be taken down (503) per tenant, and can hold
 * lookups back until several are in flight at once (or a while has passed), which is exactly when runs racing without
 * mutual exclusion would all find no order and all create one.
 */
final class FakeRevel implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> orders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger(9000);
    private volatile int holdUntilParties = 0;
    private volatile Duration holdAtMost = Duration.ZERO;

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

    /** How many lookups asked for this local_id. */
    int lookups(String tenant, String localId) {
        AtomicInteger n = lookups.get(tenant + "/" + localId);
        return n == null ? 0 : n.get();
    }

    /** The most lookups of this local_id that were in flight at the same moment. */
    int maxConcurrentLookups(String tenant, String localId) {
        return maxInFlight.getOrDefault(tenant + "/" + localId, 0);
    }

    /**
     * From now on a lookup is answered only once {@code parties} lookups of its local_id are in flight together, or
     * after {@code atMost}; {@code parties} 0 answers at once again.
     */
    void holdLookups(int parties, Duration atMost) {
        this.holdAtMost = atMost;
        this.holdUntilParties = parties;
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
        String key = tenant + "/" + localId;
        lookups.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        synchronized (this) {
            int now = inFlight.merge(key, 1, Integer::sum);
            maxInFlight.merge(key, now, Math::max);
            if (holdUntilParties > 0 && now >= holdUntilParties) {
                released.add(key);
            }
            notifyAll();
            long deadline = System.nanoTime() + holdAtMost.toNanos();
            try {
                // A simulated remote that answers a burst together (not a test wait): bounded by holdAtMost.
                while (holdUntilParties > 0 && !released.contains(key) && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            answerLookup(exchange, tenant, localId);
        } finally {
            synchronized (this) {
                inFlight.merge(key, -1, Integer::sum);
            }
        }
    }

    private void answerLookup(HttpExchange exchange, String tenant, String localId) throws IOException {
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
