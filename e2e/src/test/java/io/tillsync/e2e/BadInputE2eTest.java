package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Bad input on every HTTP surface, as a careless or hostile client would send it: each gets its documented JSON
 * error (never a 5xx, never a stack trace) and changes nothing.
 */
@Order(3)
class BadInputE2eTest {

    static final List<String> HOSTILE = List.of("ünïcödé-☃", "x'; DROP TABLE sync.connection; --", "<script>alert(1)</script>",
            "..%2F..%2Fetc%2Fpasswd", "%00", "a".repeat(300));

    static E2eStack stack;
    static Tenant a;
    static Tenant b;
    static String keyOfA;

    @BeforeAll
    static void setUp() {
        stack = E2eStack.get();
        a = new Tenant(stack);
        b = new Tenant(stack);
        a.connect("shopify", "a.myshopify.com", Map.of());
        a.connect("standard", "a-platform", Map.of());
        b.connect("shopify", "b.myshopify.com", Map.of());
        keyOfA = a.apiKey();
    }

    @Test
    void shouldAnswerIntakeBadInputWithItsDocumentedErrorAndPublishNothing() {
        long auditBefore = audits();
        String signed = "{not json";
        Map<String, String> shopifyHeaders = Map.of("Content-Type", "application/json", "X-Shopify-Topic", "products/update",
                "X-Shopify-Hmac-Sha256", Signers.shopify(a.secrets.get("shopify"), signed));

        expectError(Http.post(a.intake("shopify"), shopifyHeaders, signed), 400, "malformed_body");
        expectError(Http.post(a.intake("shopify"), Map.of("Content-Type", "text/plain", "X-Shopify-Topic", "products/update",
                "X-Shopify-Hmac-Sha256", Signers.shopify(a.secrets.get("shopify"), "{}")), "{}"), 415, "unsupported_media_type");
        String big = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        expectError(Http.post(a.intake("shopify"), Map.of("Content-Type", "application/json", "X-Shopify-Topic", "products/update",
                "X-Shopify-Hmac-Sha256", Signers.shopify(a.secrets.get("shopify"), big)), big), 413, "payload_too_large");
        expectError(Http.post(a.intake("shopify"), Map.of("Content-Type", "application/json", "X-Shopify-Topic", "products/update"), "{}"),
                401, "missing_signature");
        // a body signed with tenant A's secret, replayed against tenant B
        String body = "{\"id\":1,\"title\":\"x\"}";
        expectError(Http.post(b.intake("shopify"), Map.of("Content-Type", "application/json", "X-Shopify-Topic", "products/update",
                "X-Shopify-Hmac-Sha256", Signers.shopify(a.secrets.get("shopify"), body)), body), 401, "invalid_signature");
        // Standard Webhooks: a correct signature over a timestamp 10 minutes old (a replay) is refused
        long old = Instant.now().minusSeconds(600).getEpochSecond();
        expectError(a.standard("msg_old", old, "{\"type\":\"x\"}"), 401, "invalid_signature");
        // another tenant's connection id on my route
        expectError(Http.post(stack.url("intake-service") + "/intake/" + a.id + "/shopify/" + b.connectionIds.get("shopify"),
                Map.of("Content-Type", "application/json", "X-Shopify-Topic", "products/update",
                        "X-Shopify-Hmac-Sha256", Signers.shopify(b.secrets.get("shopify"), body)), body), 404, "unknown_connection");
        for (String hostile : HOSTILE) {
            String seg = URLEncoder.encode(hostile, StandardCharsets.UTF_8);
            Http.Response r = Http.post(stack.url("intake-service") + "/intake/" + seg + "/pos/" + seg,
                    Map.of("Content-Type", "application/json"), "{}");
            expectClientError(r);
        }

        assertThat(audits()).as("nothing reached sync-service").isEqualTo(auditBefore);
    }

    @Test
    void shouldRefuseBadManagementCallsWithJsonErrorsAndChangeNothing() {
        String sync = stack.url("sync-service");
        String delivery = stack.url("delivery-service");
        long connectionsBefore = connections();

        // another tenant's data with my key
        expectError(Http.as(keyOfA, "GET", sync + "/api/tenants/" + b.id + "/connections", null), 403, "forbidden");
        expectError(Http.as(keyOfA, "POST", sync + "/api/tenants/" + b.id + "/connections",
                Map.of("provider", "square", "account", "x", "name", "x")), 403, "forbidden");
        expectError(Http.as(keyOfA, "GET", sync + "/api/tenants/" + a.id + "/connections/" + b.connectionIds.get("shopify"), null),
                404, "not_found");
        expectError(Http.as(keyOfA, "GET", delivery + "/api/tenants/" + b.id + "/endpoints", null), 403, "forbidden");
        expectError(Http.as(keyOfA, "POST", sync + "/api/clients/" + b.id + "/sync-availability", null), 403, "forbidden");
        expectError(Http.as(keyOfA, "POST", sync + "/api/tenants/" + b.id + "/api-keys", Map.of("name", "steal")), 403, "forbidden");
        // no key, wrong key
        expectError(Http.send("GET", sync + "/api/tenants/" + a.id + "/connections", Map.of(), null), 401, "unauthorized");
        expectError(Http.as("not-a-key", "GET", delivery + "/api/tenants/" + a.id + "/endpoints", null), 401, "unauthorized");
        // malformed bodies and content types
        expectClientError(Http.as(keyOfA, "POST", sync + "/api/tenants/" + a.id + "/connections", "{\"provider\":"));
        expectClientError(Http.send("POST", sync + "/api/tenants/" + a.id + "/connections",
                Map.of("Authorization", "Bearer " + keyOfA, "Content-Type", "text/plain"), "provider=square".getBytes()));
        expectError(Http.as(keyOfA, "POST", sync + "/api/tenants/" + a.id + "/connections",
                Map.of("provider", "myspace", "account", "x", "name", "x")), 400, "invalid_provider");
        expectClientError(Http.as(keyOfA, "POST", delivery + "/api/tenants/" + a.id + "/endpoints", "[1,2"));
        expectClientError(Http.as(keyOfA, "POST", delivery + "/api/tenants/" + a.id + "/endpoints",
                Map.of("name", "x", "url", "not a url")));
        for (String hostile : HOSTILE) {
            String seg = URLEncoder.encode(hostile, StandardCharsets.UTF_8);
            expectClientError(Http.as(keyOfA, "GET", sync + "/api/tenants/" + seg + "/connections", null));
            expectClientError(Http.as(keyOfA, "GET", delivery + "/api/tenants/" + a.id + "/endpoints/" + seg, null));
            expectClientError(Http.as(keyOfA, "GET", sync + "/api/tenants/" + a.id + "/menu-items?available=" + seg, null));
        }

        assertThat(connections()).as("no connection created or changed").isEqualTo(connectionsBefore);
        assertThat(a.count("SELECT count(*) FROM delivery.endpoint WHERE tenant IN (?, ?)", a.id, b.id)).isZero();
    }

    private long audits() {
        return a.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant IN (?, ?)", a.id, b.id);
    }

    private long connections() {
        return a.count("SELECT count(*) FROM sync.connection WHERE tenant IN (?, ?)", a.id, b.id);
    }

    static void expectError(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }

    static void expectClientError(Http.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.json().path("error").asText()).as(r.body()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }
}
