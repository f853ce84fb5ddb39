package io.tillsync.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for a platform's REST API (Square, Clover, Toast) on a free port: answers registered per
 * {@code METHOD path} and remembers every request so tests can check what was asked and with which token.
 */
public final class FakeProviderServer implements AutoCloseable {

    /** One request as received, with when it arrived. */
    public record Request(String method, String path, String query, String authorization, Map<String, List<String>> headers,
            String body, java.time.Instant at) {
    }

    /** What to answer. */
    public record Response(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final Map<String, Function<Request, Response>> prefixRoutes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeProviderServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeProviderServer on(String method, String path, Function<Request, Response> answer) {
        routes.put(method + " " + path, answer);
        return this;
    }

    /** Answers every {@code METHOD} request whose path starts with {@code prefix} and has no exact route. */
    public FakeProviderServer onPrefix(String method, String prefix, Function<Request, Response> answer) {
        prefixRoutes.put(method + " " + prefix, answer);
        return this;
    }

    public FakeProviderServer on(String method, String path, int status, String body) {
        return on(method, path, r -> new Response(status, body));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                Map.copyOf(exchange.getRequestHeaders()), body, java.time.Instant.now());
        requests.add(request);
        Function<Request, Response> route = routes.get(request.method() + " " + request.path());
        if (route == null) {
            route = prefixRoutes.entrySet().stream()
                    .filter(e -> (request.method() + " " + request.path()).startsWith(e.getKey()))
                    .max(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(String::length)))
                    .map(Map.Entry::getValue).orElse(null);
        }
        Response response = route == null ? new Response(404, "{\"message\":\"not found\"}") : route.apply(request);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
