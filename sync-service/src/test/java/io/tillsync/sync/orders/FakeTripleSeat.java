package io.tillsync.sync.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the TripleSeat API: {@code GET /{tenant}/v1/events/{id}.json} answers the event as stored by
 * {@link #put}, in the (unconfirmed) shape {@code {"event":{id, name, status, event_date, items:[...]}}}, 404 for an
 * unknown event and 401 without the tenant's bearer token. Each tenant gets its own base URL.
 */
final class FakeTripleSeat implements AutoCloseable {

    private static final Pattern EVENT = Pattern.compile("/([^/]+)/v1/events/([^/]+)\\.json");

    private final HttpServer server;
    private final Map<String, String> events = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    FakeTripleSeat() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base URL of a tenant's tripleseat connection, accepting {@code token}. */
    String baseUrl(String tenant, String token) {
        tokens.put(tenant, token);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant;
    }

    void put(String tenant, String eventId, String name, String status, LocalDate date, String... itemsJson) {
        events.put(tenant + "/" + eventId, """
                {"event":{"id":%s,"name":"%s","status":"%s","event_date":"%s","items":[%s]}}"""
                .formatted(eventId, name, status, date, String.join(",", itemsJson)));
    }

    static String item(String name, String sku, int quantity, String price) {
        return """
                {"name":"%s","sku":"%s","quantity":%d,"price":"%s"}""".formatted(name, sku, quantity, price);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = EVENT.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                send(exchange, 404, "{}");
                return;
            }
            String expected = "Bearer " + tokens.get(m.group(1));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            String event = events.get(m.group(1) + "/" + m.group(2));
            send(exchange, event == null ? 404 : 200, event == null ? "{\"error\":\"not found\"}" : event);
        }
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
