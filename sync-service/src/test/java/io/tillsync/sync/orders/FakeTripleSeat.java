package io.tillsync.sync.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the TripleSeat API, per tenant base URL. {@code GET /{tenant}/v1/events/{id}.json} answers the
 * event as stored ({@code {"event":{id, name, status, event_date (MM/DD/YYYY), event_date_iso8601, guest_count,
 * line_items | documents[{name, document_type, html}]}}}), 404 for an unknown event, 401 without a valid bearer.
 * {@code POST /{tenant}/oauth2/token} is TripleSeat's documented OAuth 2.0 token endpoint (form body,
 * {@code grant_type=refresh_token}): it issues short-lived access tokens and rotates the refresh token; a tenant can
 * be revoked (every token and refresh refused). It records when each event fetch arrived, per tenant.
 */
final class FakeTripleSeat implements AutoCloseable {

    private static final Pattern EVENT = Pattern.compile("/([^/]+)/v1/events/([^/]+)\\.json");
    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/token");

    /** An OAuth client of a tenant: its secret, the refresh token it must present, its access tokens' lifetime. */
    private static final class OAuthClient {
        final String clientId;
        final String secret;
        volatile String refreshToken;
        volatile long expiresIn;
        volatile boolean revoked;
        final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
        final List<String> grants = new CopyOnWriteArrayList<>();

        OAuthClient(String clientId, String secret, String refreshToken, long expiresIn) {
            this.clientId = clientId;
            this.secret = secret;
            this.refreshToken = refreshToken;
            this.expiresIn = expiresIn;
        }
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> events = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> fetches = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();

    FakeTripleSeat() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base URL of a tenant's tripleseat connection, accepting the static bearer {@code token}. */
    String baseUrl(String tenant, String token) {
        tokens.put(tenant, token);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant;
    }

    /** The API base URL of a tenant using OAuth 2.0; its access tokens live {@code expiresIn} seconds. */
    String oauthBaseUrl(String tenant, String clientId, String secret, String refreshToken, long expiresIn) {
        clients.put(tenant, new OAuthClient(clientId, secret, refreshToken, expiresIn));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant;
    }

    /** The grants asked for by the tenant's client, in order ("refresh_token:R1", ...). */
    List<String> grants(String tenant) {
        return List.copyOf(clients.get(tenant).grants);
    }

    /** The refresh token the tenant's client must present next (after rotation). */
    String currentRefreshToken(String tenant) {
        return clients.get(tenant).refreshToken;
    }

    /** Whether every access token issued to the tenant so far has expired. */
    boolean allTokensExpired(String tenant) {
        return clients.get(tenant).accessTokens.values().stream().allMatch(exp -> !Instant.now().isBefore(exp));
    }

    /** TripleSeat stops accepting the tenant's tokens and refresh token (the customer revoked the app). */
    void revoke(String tenant) {
        clients.get(tenant).revoked = true;
    }

    /** Event fetches of the tenant are answered only after {@code delay}. */
    void delay(String tenant, Duration delay) {
        delays.put(tenant, delay);
    }

    List<Instant> fetches(String tenant) {
        return List.copyOf(fetches.getOrDefault(tenant, List.of()));
    }

    void put(String tenant, String eventId, String name, String status, LocalDate date, String... itemsJson) {
        events.put(tenant + "/" + eventId, """
                {"event":{"id":%s,"name":"%s","status":"%s","event_date":"%s","event_date_iso8601":"%s",
                 "line_items":[%s]}}"""
                .formatted(eventId, name, status, us(date), date, String.join(",", itemsJson)));
    }

    /** An event whose food and beverage is only in its invoice document (HTML), as TripleSeat venues keep them. */
    void putWithInvoice(String tenant, String eventId, String name, String status, LocalDate date, int guests,
            String invoiceHtml) {
        ObjectNode event = json.createObjectNode();
        ObjectNode e = event.putObject("event");
        e.put("id", Long.parseLong(eventId)).put("name", name).put("status", status).put("event_date", us(date))
                .put("event_date_iso8601", date.toString()).put("guest_count", guests);
        e.putArray("line_items");
        var documents = e.putArray("documents");
        documents.addObject().put("id", 1).put("name", "Contract").put("document_type", "contract")
                .put("html", "<html><body><p>Terms and conditions</p></body></html>");
        documents.addObject().put("id", 2).put("name", "Invoice").put("document_type", "invoice").put("html", invoiceHtml);
        events.put(tenant + "/" + eventId, event.toString());
    }

    private static String us(LocalDate date) {
        return "%02d/%02d/%d".formatted(date.getMonthValue(), date.getDayOfMonth(), date.getYear());
    }

    static String item(String name, String sku, int quantity, String price) {
        return """
                {"name":"%s","sku":"%s","quantity":%d,"price":"%s"}""".formatted(name, sku, quantity, price);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher token = TOKEN.matcher(path);
            if (token.matches() && "POST".equals(exchange.getRequestMethod())) {
                token(exchange, token.group(1));
                return;
            }
            Matcher m = EVENT.matcher(path);
            if (!m.matches()) {
                send(exchange, 404, "{}");
                return;
            }
            String tenant = m.group(1);
            fetches.computeIfAbsent(tenant, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
            Duration delay = delays.get(tenant);
            if (delay != null) {
                pause(delay);
            }
            if (!authorized(tenant, exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            String event = events.get(tenant + "/" + m.group(2));
            send(exchange, event == null ? 404 : 200, event == null ? "{\"error\":\"not found\"}" : event);
        }
    }

    private boolean authorized(String tenant, String header) {
        OAuthClient client = clients.get(tenant);
        if (client == null) {
            return ("Bearer " + tokens.get(tenant)).equals(header);
        }
        if (client.revoked || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = client.accessTokens.get(header.substring(7));
        return expires != null && Instant.now().isBefore(expires);
    }

    private void token(HttpExchange exchange, String tenant) throws IOException {
        OAuthClient client = clients.get(tenant);
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (client == null || !"application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        client.grants.add(form.get("grant_type") + ":" + form.get("refresh_token"));
        if (client.revoked || !client.clientId.equals(form.get("client_id")) || !client.secret.equals(form.get("client_secret"))
                || !"refresh_token".equals(form.get("grant_type")) || !client.refreshToken.equals(form.get("refresh_token"))) {
            send(exchange, 401, "{\"error\":\"invalid_grant\"}");
            return;
        }
        int n = issued.incrementAndGet();
        String access = "at-" + n;
        client.accessTokens.put(access, Instant.now().plusSeconds(client.expiresIn));
        client.refreshToken = "rt-" + n;
        send(exchange, 200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s","scope":"events:read",
                 "created_at":%d}""".formatted(access, client.expiresIn, client.refreshToken, Instant.now().getEpochSecond()));
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // a slow remote, not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
