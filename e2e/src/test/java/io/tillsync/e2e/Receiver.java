package io.tillsync.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber's endpoint on loopback: records every request; per path it answers 200, a given status, or hangs
 * (never answers until closed), to play healthy, failing and hanging subscribers.
 */
final class Receiver implements AutoCloseable {

    record Request(String path, Map<String, String> headers, String body, long receivedAtMillis) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool()); // a hung path must not starve the others
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, headers, new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
            int status = statusByPath.getOrDefault(path, 200);
            if (status == 0) {
                try {
                    closing.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status == 0 ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, int status) {
        statusByPath.put(path, status);
    }

    void hang(String path) {
        statusByPath.put(path, 0);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
