package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A local stand-in for Clover's inventory API replaying the shapes of docs/providers.md:
 * {@code GET /v3/merchants/{mId}/items?filter=modifiedTime>={ms}&expand=itemStock&limit&offset} answers
 * {@code {"elements":[{"id","name","price"(cents),"priceType","cost","hidden","available","modifiedTime","sku","code",
 * "itemStock":{"item":{"id"},"stockCount","quantity"}}]}} in insertion order (deleted items with {@code deleted:true}),
 * and {@code ?fields=id} answers ids only (deleted items left out). Bearer token per merchant (401 otherwise).
 *
 * <p>It enforces Clover's rate limits when asked to (per token 16 requests in any second and 5 concurrent; per app
 * 50/s and 10 concurrent) by answering 429 without {@code Retry-After}, and can be scripted to answer 429s, fail at
 * an offset, revoke a token or answer slowly. Every request is remembered with its status and arrival time. Runs on
 * Reactor Netty, so arrival times are the real ones (the JDK's HttpServer parks keep-alive connections up to 1 s).
 */
public final class FakeClover implements AutoCloseable {

    /** The limits the fake enforces; {@link #NONE} enforces nothing. */
    public record Limits(int tokenPerSecond, int tokenConcurrency, int appPerSecond, int appConcurrency) {
        public static final Limits CLOVER = new Limits(16, 5, 50, 10);
        public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** One item as Clover holds it. Money in cents. */
    public record Item(String id, String name, long price, String priceType, Long cost, boolean hidden, boolean deleted,
            long modifiedTime, String sku, String code, Long stock) {

        public Item withPrice(long cents, long modified) {
            return new Item(id, name, cents, priceType, cost, hidden, deleted, modified, sku, code, stock);
        }

        public Item hide(long modified) {
            return new Item(id, name, price, priceType, cost, true, deleted, modified, sku, code, stock);
        }

        public Item delete(long modified) {
            return new Item(id, name, price, priceType, cost, hidden, true, modified, sku, code, stock);
        }
    }

    /** One request as received, with what the fake answered. */
    public record Request(String merchantId, String token, Map<String, String> query, long receivedNanos, int status) {

        public boolean idListing() {
            return "id".equals(query.get("fields"));
        }

        public int offset() {
            return Integer.parseInt(query.getOrDefault("offset", "0"));
        }
    }

    private record Script(int status, String retryAfter) {
    }

    private final DisposableServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Limits limits;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Item>> items = new ConcurrentHashMap<>();
    private final Map<String, Deque<Script>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> failAtOffset = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Long>> tokenWindows = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenInFlight = new ConcurrentHashMap<>();
    private final Deque<Long> appWindow = new ArrayDeque<>();
    private final AtomicInteger appInFlight = new AtomicInteger();
    private final AtomicInteger maxTokenInFlight = new AtomicInteger();
    private final AtomicInteger maxAppInFlight = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;

    public FakeClover(Limits limits) {
        this.limits = limits;
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/v3/merchants/{merchant}/items", this::handle))
                .bindNow();
    }

    public FakeClover() {
        this(Limits.NONE);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Registers a merchant with its token (or gives it a new token). */
    public FakeClover merchant(String merchantId, String token) {
        tokens.put(merchantId, token);
        items.computeIfAbsent(merchantId, m -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()));
        return this;
    }

    /** Adds or replaces an item. */
    public FakeClover put(String merchantId, Item item) {
        items.get(merchantId).put(item.id(), item);
        return this;
    }

    /** Adds {@code count} items {@code prefix1..prefixN} modified at {@code modifiedTime}, price 1000 + n cents. */
    public FakeClover items(String merchantId, String prefix, int count, long modifiedTime) {
        for (int n = 1; n <= count; n++) {
            put(merchantId, new Item(prefix + n, "Item " + n, 1000 + n, "FIXED", 400L + n, false, false, modifiedTime,
                    "SKU-" + n, "C" + n, (long) (n % 7)));
        }
        return this;
    }

    public Item item(String merchantId, String itemId) {
        return items.get(merchantId).get(itemId);
    }

    public FakeClover update(String merchantId, String itemId, UnaryOperator<Item> change) {
        items.get(merchantId).computeIfPresent(itemId, (id, item) -> change.apply(item));
        return this;
    }

    /** Removes an item without a trace (a ghost: no longer listed at all). */
    public FakeClover remove(String merchantId, String itemId) {
        items.get(merchantId).remove(itemId);
        return this;
    }

    /** The next {@code times} requests of the merchant get 429, with this Retry-After (null: none). */
    public FakeClover answer429(String merchantId, int times, String retryAfter) {
        Deque<Script> deque = scripts.computeIfAbsent(merchantId, m -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            deque.add(new Script(429, retryAfter));
        }
        return this;
    }

    /** The next item listing of the merchant at this offset answers 500 once. */
    public FakeClover failOnceAtOffset(String merchantId, int offset) {
        failAtOffset.put(merchantId, offset);
        return this;
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String merchantId) {
        return requests.stream().filter(r -> merchantId.equals(r.merchantId())).toList();
    }

    public long rateLimited() {
        return requests.stream().filter(r -> r.status() == 429).count();
    }

    public int maxTokenInFlight() {
        return maxTokenInFlight.get();
    }

    public int maxAppInFlight() {
        return maxAppInFlight.get();
    }

    public void reset() {
        requests.clear();
        maxTokenInFlight.set(0);
        maxAppInFlight.set(0);
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        long now = System.nanoTime();
        String merchantId = request.param("merchant");
        Map<String, String> query = query(URI.create(request.uri()).getRawQuery());
        String auth = request.requestHeaders().get("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (!items.containsKey(merchantId)) {
            return answer(response, merchantId, token, query, now, 404, "{\"message\":\"Not Found\"}", null);
        }
        if (token == null || !token.equals(tokens.get(merchantId))) {
            return answer(response, merchantId, token, query, now, 401, "{\"message\":\"401 Unauthorized\"}", null);
        }
        if (!admit(token, now)) {
            return answer(response, merchantId, token, query, now, 429, "{\"message\":\"Too Many Requests\"}", null);
        }
        AtomicBoolean done = new AtomicBoolean();
        Runnable leave = () -> {
            if (done.compareAndSet(false, true)) {
                tokenInFlight.get(token).decrementAndGet();
                appInFlight.decrementAndGet();
            }
        };
        Mono<Long> wait = latency.isZero() ? Mono.just(0L) : Mono.delay(latency);
        return wait.map(x -> reply(merchantId, query))
                .doOnNext(x -> leave.run()) // in flight ends before the answer: the client may ask again right after
                .flatMap(reply -> {
                    String body = reply.status() == 200 ? listing(merchantId, query)
                            : reply.status() == 429 ? "{\"message\":\"Too Many Requests\"}"
                            : "{\"message\":\"Internal Server Error\"}";
                    return answer(response, merchantId, token, query, now, reply.status(), body, reply.retryAfter());
                })
                .doFinally(signal -> leave.run());
    }

    private Script reply(String merchantId, Map<String, String> query) {
        Deque<Script> script = scripts.get(merchantId);
        Script next = script == null ? null : script.poll();
        if (next != null) {
            return next;
        }
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        Integer failAt = failAtOffset.get(merchantId);
        if (failAt != null && failAt == offset && !"id".equals(query.get("fields"))
                && failAtOffset.remove(merchantId, failAt)) {
            return new Script(500, null);
        }
        return new Script(200, null);
    }

    /** Clover's limits: a sliding one-second window and in-flight counts, per token and per app. */
    private synchronized boolean admit(String token, long now) {
        Deque<Long> window = tokenWindows.computeIfAbsent(token, t -> new ArrayDeque<>());
        long second = Duration.ofSeconds(1).toNanos();
        while (!window.isEmpty() && now - window.peekFirst() >= second) {
            window.pollFirst();
        }
        while (!appWindow.isEmpty() && now - appWindow.peekFirst() >= second) {
            appWindow.pollFirst();
        }
        AtomicInteger inFlight = tokenInFlight.computeIfAbsent(token, t -> new AtomicInteger());
        if (window.size() >= limits.tokenPerSecond() || appWindow.size() >= limits.appPerSecond()
                || inFlight.get() >= limits.tokenConcurrency() || appInFlight.get() >= limits.appConcurrency()) {
            return false;
        }
        window.addLast(now);
        appWindow.addLast(now);
        maxTokenInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        maxAppInFlight.accumulateAndGet(appInFlight.incrementAndGet(), Math::max);
        return true;
    }

    private String listing(String merchantId, Map<String, String> query) {
        long since = Long.MIN_VALUE;
        String filter = query.get("filter");
        if (filter != null && filter.startsWith("modifiedTime>=")) {
            since = Long.parseLong(filter.substring("modifiedTime>=".length()));
        }
        boolean idsOnly = "id".equals(query.get("fields"));
        boolean stock = "itemStock".equals(query.get("expand"));
        int limit = Math.min(1000, Integer.parseInt(query.getOrDefault("limit", "100")));
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        List<Item> matching = new ArrayList<>();
        Map<String, Item> all = items.get(merchantId);
        synchronized (all) {
            for (Item item : all.values()) {
                if (item.modifiedTime() >= since && !(idsOnly && item.deleted())) {
                    matching.add(item);
                }
            }
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode elements = body.putArray("elements");
        for (Item item : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            ObjectNode e = elements.addObject();
            e.put("id", item.id());
            if (idsOnly) {
                continue;
            }
            e.put("hidden", item.hidden());
            e.put("available", true);
            e.put("autoManage", false);
            e.put("name", item.name());
            e.put("price", item.price());
            e.put("priceType", item.priceType());
            e.put("defaultTaxRates", true);
            if (item.cost() != null) {
                e.put("cost", item.cost());
            }
            e.put("isRevenue", true);
            e.put("modifiedTime", item.modifiedTime());
            e.put("sku", item.sku());
            e.put("code", item.code());
            if (item.deleted()) {
                e.put("deleted", true);
            }
            if (stock && item.stock() != null) {
                ObjectNode s = e.putObject("itemStock");
                s.putObject("item").put("id", item.id());
                s.put("stockCount", item.stock());
                s.put("quantity", item.stock().doubleValue());
            }
        }
        body.put("href", "https://api.clover.com/v3/merchants/" + merchantId + "/items?limit=" + limit);
        return body.toString();
    }

    private Mono<Void> answer(HttpServerResponse response, String merchantId, String token, Map<String, String> query,
            long now, int status, String body, String retryAfter) {
        requests.add(new Request(merchantId, token, query, now, status));
        response.status(status).header("Content-Type", "application/json");
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.sendString(Mono.just(body)).then();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
