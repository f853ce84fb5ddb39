package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One tenant set up through the management APIs (operator key), as an operator onboarding a merchant would: its
 * platform connections with their webhook secrets, and the signed webhooks each platform would send it.
 */
final class Tenant {

    static final String SQUARE_NOTIFICATION_URL = "https://hooks.example.com/square";

    final E2eStack stack;
    final String id;
    final Map<String, String> connectionIds = new LinkedHashMap<>();
    final Map<String, String> secrets = new LinkedHashMap<>();

    Tenant(E2eStack stack) {
        this.stack = stack;
        this.id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a connection of this provider with a fresh webhook secret; returns its id. */
    String connect(String provider, String account, Map<String, Object> extra) {
        String secret = provider.equals("standard") ? whsec() : provider + "-secret-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("provider", provider, "account", account,
                "name", provider + " of " + id, "webhookSecret", secret));
        body.putAll(extra);
        Http.Response r = Http.operator("POST", stack.url("sync-service") + "/api/tenants/" + id + "/connections", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String connectionId = r.json().get("id").asText();
        connectionIds.put(provider, connectionId);
        secrets.put(provider, secret);
        return connectionId;
    }

    /** A tenant API key, issued by the operator. */
    String apiKey() {
        Http.Response r = Http.operator("POST", stack.url("sync-service") + "/api/tenants/" + id + "/api-keys", Map.of("name", "e2e"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    /** Creates a delivery endpoint (all event types); returns {id, secret}. */
    JsonNode endpoint(String url) {
        Http.Response r = Http.operator("POST", stack.url("delivery-service") + "/api/tenants/" + id + "/endpoints",
                Map.of("name", "subscriber", "url", url));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    Http.Response shopify(String topic, String eventId, String body) {
        return shopify(topic, eventId, body, Map.of());
    }

    /** A signed Shopify webhook with further headers (a platform's {@code traceparent}, say). */
    Http.Response shopify(String topic, String eventId, String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "X-Shopify-Hmac-Sha256", Signers.shopify(secrets.get("shopify"), body), "X-Shopify-Topic", topic,
                "X-Shopify-Shop-Domain", "e2e.myshopify.com", "X-Shopify-Webhook-Id", "wh-" + eventId,
                "X-Shopify-Event-Id", eventId, "X-Shopify-Triggered-At", Instant.now().toString()));
        headers.putAll(extra);
        return Http.post(intake("shopify"), headers, body);
    }

    Http.Response square(String body) {
        return Http.post(intake("square"), Map.of("Content-Type", "application/json",
                "x-square-hmacsha256-signature", Signers.square(secrets.get("square"), SQUARE_NOTIFICATION_URL, body)), body);
    }

    Http.Response toast(String body) {
        String ts = String.valueOf(Instant.now().toEpochMilli());
        return Http.post(intake("toast"), Map.of("Content-Type", "application/json", "Toast-Timestamp", ts,
                "Toast-Signature", Signers.toast(secrets.get("toast"), body, ts)), body);
    }

    Http.Response standard(String webhookId, long timestamp, String body) {
        return Http.post(intake("standard"), Map.of("Content-Type", "application/json", "webhook-id", webhookId,
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", Signers.standard(secrets.get("standard"), webhookId, timestamp, body)), body);
    }

    String intake(String provider) {
        return stack.url("intake-service") + "/intake/" + id + "/pos/" + provider;
    }

    /** First column of the first row, or null. */
    Object query(String sql, Object... args) {
        try (Connection c = stack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            return null; // Postgres down or table not there yet: the caller's await tries again
        }
    }

    /** The first column of every row. */
    List<String> strings(String sql, Object... args) {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = stack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    long count(String sql, Object... args) {
        Object n = query(sql, args);
        return n == null ? -1 : ((Number) n).longValue();
    }

    private static String whsec() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
