package io.tillsync.delivery;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's endpoint for tests: a JDK HTTP server on a free loopback port that records every request and
 * answers per path with a scripted {@link Reply} (200 by default).
 */
final class Receiver implements AutoCloseable {

    /** One received request, with the time it arrived. */
    record Request(String path, Map<String, String> headers, String body, long receivedAtNanos) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** What to answer: status, headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {

        static Reply ok() {
            return new Reply(200, Map.of(), "ok");
        }

        static Reply status(int status) {
            return new Reply(status, Map.of(), "status " + status);
        }
    }

    /** Decides the reply to the n-th request (1-based) on a path. */
    interface Script {
        Reply reply(int n, Request request);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInProgress = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** URL of a path on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void script(String path, Script script) {
        scripts.put(path, script);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Most requests on a path that were being handled at the same time. */
    int maxConcurrent(String path) {
        return maxInProgress.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Requests on a path whose reply the script has produced. */
    int answered(String path) {
        return answered.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(path, Map.copyOf(headers), body, System.nanoTime());
        requests.add(request);
        int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int now = inProgress.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        maxInProgress.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        Reply reply;
        try {
            reply = scripts.getOrDefault(path, (i, r) -> Reply.ok()).reply(n, request);
        } finally {
            inProgress.get(path).decrementAndGet();
        }
        answered.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
