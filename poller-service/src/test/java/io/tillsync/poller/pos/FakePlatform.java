package io.tillsync.poller.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the local stand-ins of Toast, Square and Shopify share: a Reactor Netty server on loopback, the account's
 * token checked on every request (401 in the platform's error shape otherwise), scripted answers (429 with
 * {@code Retry-After}, 401) taken before the real one, and a log of every request.
 */
public abstract class FakePlatform implements AutoCloseable {

    /** One request as received: method, path, query, body (JSON or null) and the status answered. */
    public record Request(String method, String path, Map<String, String> query, JsonNode body, int status) {
    }

    /** What a handler answers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    private record Script(int status, String retryAfter) {
    }

    final ObjectMapper json = new ObjectMapper();
    private final DisposableServer server;
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> tokens = new ConcurrentHashMap<>();

    FakePlatform() {
        server = HttpServer.create().host("127.0.0.1").port(0).handle(this::serve).bindNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The next answer (of any request) is {@code status}, with {@code Retry-After} when not null. */
    public synchronized void script(int status, String retryAfter) {
        scripts.addLast(new Script(status, retryAfter));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String pathPart) {
        return requests.stream().filter(r -> r.path().contains(pathPart)).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The account the request's credentials belong to, or null (401). */
    abstract String account(HttpServerRequest request);

    /** The platform's answer to an authenticated request of {@code account}. */
    abstract Answer answer(String account, String method, String path, Map<String, String> query, JsonNode body);

    /** The platform's error body for a status. */
    abstract Object error(int status);

    private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(text -> {
            URI uri = URI.create(request.uri());
            Map<String, String> query = query(uri.getRawQuery());
            JsonNode body = null;
            try {
                body = text.isEmpty() ? null : json.readTree(text);
            } catch (Exception e) {
                return send(response, request, uri, query, null, new Answer(400, error(400), Map.of()));
            }
            Script script;
            synchronized (this) {
                script = scripts.pollFirst();
            }
            if (script != null) {
                return send(response, request, uri, query, body, new Answer(script.status(), error(script.status()),
                        script.retryAfter() == null ? Map.of() : Map.of("Retry-After", script.retryAfter())));
            }
            String account = account(request);
            if (account == null) {
                return send(response, request, uri, query, body, new Answer(401, error(401), Map.of()));
            }
            return send(response, request, uri, query, body,
                    answer(account, request.method().name(), uri.getPath(), query, body));
        });
    }

    private Mono<Void> send(HttpServerResponse response, HttpServerRequest request, URI uri, Map<String, String> query,
            JsonNode body, Answer answer) {
        requests.add(new Request(request.method().name(), uri.getPath(), query, body, answer.status()));
        response.status(answer.status()).header("Content-Type", "application/json");
        answer.headers().forEach(response::header);
        try {
            return response.sendString(Mono.just(json.writeValueAsString(answer.body()))).then();
        } catch (Exception e) {
            return Mono.error(e);
        }
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
