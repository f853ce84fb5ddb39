package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The request-side security checks of docs/security.md on the running stack: text from outside is logged as data,
 * revocations take effect on intake within a second, and captured webhooks cannot be replayed under another topic,
 * event id or an old timestamp; loose content types and control characters in names are refused.
 */
@Order(4)
class SecurityRequestE2eTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration IMMEDIATE = Duration.ofSeconds(1);
    /** A value that would start a log line of its own if written raw. */
    private static final String FORGED = "\r\n2026-12-02T10:00:00.000Z  INFO 1 --- [main] io.tillsync.Forged : FORGED LINE";
    private static final String UPDATE_BODY = "{\"id\":424242,\"title\":\"Mug\",\"status\":\"active\","
            + "\"updated_at\":\"2026-12-01T10:00:00Z\",\"variants\":[{\"id\":4243,\"price\":\"9.00\",\"sku\":\"MUG\"}]}";

    static E2eStack stack;
    static Tenant a;
    static Tenant b;

    @BeforeAll
    static void setUp() {
        stack = E2eStack.get();
        a = new Tenant(stack);
        b = new Tenant(stack);
        a.connect("clover", "MERCHANT1", Map.of());
        a.connect("shopify", "sec.myshopify.com", Map.of());
        a.connect("toast", "restaurant-1", Map.of());
        a.connect("standard", "sec-platform", Map.of());
        b.connect("shopify", "b.myshopify.com", Map.of());
    }

    @Test
    void shouldLogCloverCodesAndSignedEventTypesAsDataAndTakeOneVerificationCallAMinute() {
        String code = "code-" + UUID.randomUUID();
        String body = "{\"verificationCode\":" + json(code + FORGED) + "}";
        Http.Response first = Http.post(a.intake("clover"), Map.of("Content-Type", "application/json"), body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            Http.Response again = Http.post(a.intake("clover"), Map.of("Content-Type", "application/json"),
                    "{\"verificationCode\":\"again-" + i + "\"}");
            assertThat(again.status()).isEqualTo(429);
            assertThat(again.json().get("error").asText()).isEqualTo("rate_limited");
        }
        String connection = stack.url("sync-service") + "/api/tenants/" + a.id + "/connections/" + a.connectionIds.get("clover");
        await().atMost(WAIT).until(() -> Http.operator("GET", connection, null).json().path("lastVerificationCode")
                .path("code").asText("").startsWith(code));
        String shown = Http.operator("GET", connection, null).json().path("lastVerificationCode").path("code").asText();
        assertThat(shown).hasSizeLessThanOrEqualTo(65).doesNotContain("\r").doesNotContain("\n");

        String type = "item.updated" + FORGED;
        String webhookId = "msg_" + UUID.randomUUID();
        assertThat(a.standard(webhookId, Instant.now().getEpochSecond(), "{\"type\":" + json(type) + ",\"data\":{}}")
                .status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> a.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? "
                + "AND external_event_id = ? AND status = 'failed'", a.id, webhookId) == 1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(stack.log("intake-service")).contains(code + "\\r\\n2026"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(stack.log("sync-service")).contains("item.updated\\r\\n2026"));
        for (String service : new String[] {"intake-service", "sync-service"}) {
            assertThat(stack.log(service).lines().filter(l -> l.startsWith("2026-12-02T10:00:00.000Z"))).isEmpty();
            assertThat(stack.log(service)).doesNotContain("again-");
        }
    }

    @Test
    void shouldApplyRevokedSecretsDisabledConnectionsAndRevokedKeysOnIntakeAndTheApisWithinOneSecond() {
        Tenant t = new Tenant(stack);
        String id = t.connect("shopify", "rot.myshopify.com", Map.of());
        String oldSecret = t.secrets.get("shopify");
        assertThat(t.shopify("products/update", UUID.randomUUID().toString(), UPDATE_BODY).status()).isEqualTo(202);
        String base = stack.url("sync-service") + "/api/tenants/" + t.id + "/connections/" + id;

        assertThat(Http.operator("PATCH", base, Map.of("webhookSecret", "rotated-" + UUID.randomUUID())).status()).isEqualTo(200);
        assertThat(shopifySignedWith(t, oldSecret, body(1)).status()).as("previous secret in its grace").isEqualTo(202);
        Http.Response revoked = Http.operator("POST", base + "/secret/revoke-previous", null);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("hasPreviousWebhookSecret").asBoolean()).isFalse();
        await().atMost(IMMEDIATE).pollInterval(Duration.ofMillis(50))
                .until(() -> shopifySignedWith(t, oldSecret, body(2)).status() == 401);

        assertThat(Http.operator("POST", base + "/disable", null).status()).isEqualTo(200);
        await().atMost(IMMEDIATE).pollInterval(Duration.ofMillis(50))
                .until(() -> shopifySignedWith(t, oldSecret, body(3)).status() == 404);

        String key = t.apiKey();
        String keys = stack.url("sync-service") + "/api/tenants/" + t.id + "/api-keys";
        Http.Response listed = Http.as(key, "GET", keys, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(key).doesNotContain("hash");
        String keyId = listed.json().get(0).get("id").asText();
        assertThat(Http.as(b.apiKey(), "GET", keys, null).status()).as("another tenant's key").isEqualTo(403);
        assertThat(Http.as(b.apiKey(), "DELETE", keys + "/" + keyId, null).status()).isEqualTo(403);
        assertThat(Http.operator("DELETE", stack.url("sync-service") + "/api/tenants/" + b.id + "/api-keys/" + keyId, null)
                .status()).as("the key is not b's").isEqualTo(404);
        assertThat(Http.as(key, "GET", base, null).status()).isEqualTo(200);
        assertThat(Http.as(key, "GET", stack.url("delivery-service") + "/api/tenants/" + t.id + "/endpoints", null)
                .status()).isEqualTo(200);

        assertThat(Http.operator("DELETE", keys + "/" + keyId, null).status()).isEqualTo(204);
        await().atMost(IMMEDIATE).pollInterval(Duration.ofMillis(50)).until(() -> Http.as(key, "GET", base, null).status() == 401
                && Http.as(key, "GET", stack.url("delivery-service") + "/api/tenants/" + t.id + "/endpoints", null).status() == 401);
    }

    @Test
    void shouldRefuseAShopifyUpdateReplayedAsADeleteAndDeduplicateAReplayWithANewEventId() {
        assertThat(a.shopify("products/update", UUID.randomUUID().toString(), UPDATE_BODY).status()).isEqualTo(202);
        Http.Response asDelete = a.shopify("products/delete", UUID.randomUUID().toString(), UPDATE_BODY);
        assertThat(asDelete.status()).as(asDelete.body()).isEqualTo(400);
        assertThat(asDelete.json().get("error").asText()).isEqualTo("malformed_body");
        assertThat(a.shopify("products/update", UUID.randomUUID().toString(), UPDATE_BODY).status()).isEqualTo(202);

        await().atMost(WAIT).until(() -> a.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? "
                + "AND provider = 'shopify' AND duplicate_of IS NOT NULL", a.id) == 1);
        assertThat(a.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? AND provider = 'shopify' "
                + "AND duplicate_of IS NULL", a.id)).isEqualTo(1);
        assertThat(a.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? AND event_type = 'products/delete'",
                a.id)).isZero();
        assertThat(a.shopify("products/delete", UUID.randomUUID().toString(), "{\"id\":424242}").status()).isEqualTo(202);
    }

    @Test
    void shouldRefuseToastWebhooksWithAnOldOrMissingTimestamp() {
        String body = "{\"timestamp\":\"2026-12-01T10:00:00.000+0000\",\"eventCategory\":\"stock\",\"eventType\":\"out_of_stock\","
                + "\"guid\":\"" + UUID.randomUUID() + "\",\"details\":{\"itemGuid\":\"g1\",\"restaurantGuid\":\"r1\",\"status\":\"OUT_OF_STOCK\"}}";
        String old = String.valueOf(Instant.now().minus(Duration.ofHours(24)).toEpochMilli());
        Http.Response stale = Http.post(a.intake("toast"), Map.of("Content-Type", "application/json", "Toast-Timestamp", old,
                "Toast-Signature", Signers.toast(a.secrets.get("toast"), body, old)), body);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("error").asText()).isEqualTo("invalid_signature");
        Http.Response none = Http.post(a.intake("toast"), Map.of("Content-Type", "application/json",
                "Toast-Signature", Signers.toast(a.secrets.get("toast"), body, "")), body);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("missing_signature");
        assertThat(a.toast(body).status()).isEqualTo(202);
    }

    @Test
    void shouldRefuseWildcardContentTypesAndControlCharactersInNames() {
        for (String type : new String[] {"*/*", "application/*"}) {
            Http.Response r = Http.post(a.intake("shopify"), Map.of("Content-Type", type, "X-Shopify-Topic", "products/update",
                    "X-Shopify-Hmac-Sha256", Signers.shopify(a.secrets.get("shopify"), UPDATE_BODY)), UPDATE_BODY);
            assertThat(r.status()).as(type).isEqualTo(415);
            assertThat(r.json().get("error").asText()).isEqualTo("unsupported_media_type");
        }
        Http.Response connection = Http.operator("POST", stack.url("sync-service") + "/api/tenants/" + a.id + "/connections",
                Map.of("provider", "shopify", "name", "bad\u0000name", "webhookSecret", "s"));
        assertThat(connection.status()).as(connection.body()).isEqualTo(400);
        assertThat(connection.json().get("error").asText()).isEqualTo("invalid_name");
        Http.Response renamed = Http.operator("PATCH", stack.url("sync-service") + "/api/tenants/" + a.id + "/connections/"
                + a.connectionIds.get("shopify"), Map.of("name", "line\r\nbreak"));
        assertThat(renamed.status()).isEqualTo(400);
        Http.Response endpoint = Http.operator("POST", stack.url("delivery-service") + "/api/tenants/" + a.id + "/endpoints",
                Map.of("name", "bad\u0000name", "url", "https://example.com/hook"));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(400);
        assertThat(endpoint.body()).doesNotContain("Exception");
    }

    private static Http.Response shopifySignedWith(Tenant t, String secret, String body) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "X-Shopify-Hmac-Sha256", Signers.shopify(secret, body), "X-Shopify-Topic", "products/update",
                "X-Shopify-Event-Id", UUID.randomUUID().toString()));
        return Http.post(t.intake("shopify"), headers, body);
    }

    private static String body(int n) {
        return UPDATE_BODY.replace("424242", "42424" + n);
    }

    private static String json(String text) {
        try {
            return Http.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
