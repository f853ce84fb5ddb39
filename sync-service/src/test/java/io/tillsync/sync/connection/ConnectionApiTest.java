package io.tillsync.sync.connection;

import io.tillsync.kit.security.SecretField;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.sync.SyncStackTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The connections and sync-rules API and tenant key issuance, on the running service and real Postgres. */
class ConnectionApiTest extends SyncStackTestBase {

    @Autowired
    WebTestClient http;

    private String issueKey(String tenant) {
        JsonNode issued = http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY))
                .bodyValue(Map.of("name", "ci")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(issued.get("tenant").asText()).isEqualTo(tenant);
        assertThat(issued.get("key").asText()).startsWith("tsk_");
        return issued.get("key").asText();
    }

    private JsonNode create(String tenant, String key, Map<String, Object> body) {
        return http.post().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(key)).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void shouldCreateListUpdateAndDisableConnectionsWithoutEverReturningSecrets() {
        String tenant = newTenant();
        String key = issueKey(tenant);
        JsonNode created = create(tenant, key, Map.of("provider", "square", "account", "6SSW7HV8K2ST5",
                "webhookSecret", "sq-signature-key-123", "apiToken", "EAAAl-secret-token", "apiBaseUrl", "https://connect.squareupsandbox.com",
                "settings", Map.of("notification_url", "https://hooks.example.com/intake/" + tenant + "/pos/square"),
                "propagateDeletes", false));
        String id = created.get("id").asText();
        assertThat(created.get("hasWebhookSecret").asBoolean()).isTrue();
        assertThat(created.get("hasApiToken").asBoolean()).isTrue();
        assertThat(created.get("rules").get("propagateDeletes").asBoolean()).isFalse();
        assertThat(created.get("rules").get("realtimeSyncEnabled").asBoolean()).isTrue();
        assertThat(created.get("settings").get("notification_url").asText()).endsWith("/pos/square");
        assertThat(created.toString()).doesNotContain("sq-signature-key-123").doesNotContain("EAAAl-secret-token")
                .doesNotContain("webhookSecret\"").doesNotContain("apiToken\"");
        Map<String, Object> stored = rows("SELECT webhook_secret_enc, api_token_enc FROM sync.connection WHERE id = ?", id).get(0);
        assertThat(stored.get("webhook_secret_enc").toString()).startsWith("v2:").doesNotContain("sq-signature-key-123");

        String listed = http.get().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(id).doesNotContain("sq-signature-key-123").doesNotContain("EAAAl-secret-token");

        JsonNode updated = http.patch().uri("/api/tenants/{t}/connections/{id}", tenant, id).headers(h -> h.setBearerAuth(key))
                .bodyValue(Map.of("realtimeSyncEnabled", false, "propagateInventory", false, "webhookSecret", "rotated-key-456"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(updated.get("rules").get("realtimeSyncEnabled").asBoolean()).isFalse();
        assertThat(updated.get("rules").get("propagateInventory").asBoolean()).isFalse();
        assertThat(updated.get("rules").get("propagateDeletes").asBoolean()).isFalse();
        assertThat(updated.get("hasPreviousWebhookSecret").asBoolean()).isTrue();
        assertThat(updated.get("account").asText()).isEqualTo("6SSW7HV8K2ST5");
        assertThat(updated.toString()).doesNotContain("rotated-key-456");

        http.post().uri("/api/tenants/{t}/connections/{id}/disable", tenant, id).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("disabled");
        http.get().uri("/api/tenants/{t}/connections/{id}", tenant, id).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("disabled");
    }

    @Test
    void shouldKeepTenantsApart() {
        String a = newTenant();
        String b = newTenant();
        String keyA = issueKey(a);
        String keyB = issueKey(b);
        String connB = create(b, keyB, Map.of("provider", "clover", "account", "MID")).get("id").asText();

        http.get().uri("/api/tenants/{t}/connections", b).headers(h -> h.setBearerAuth(keyA)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden");
        http.get().uri("/api/tenants/{t}/connections/{id}", b, connB).headers(h -> h.setBearerAuth(keyA)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/tenants/{t}/connections/{id}", a, connB).headers(h -> h.setBearerAuth(keyA)).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
        http.patch().uri("/api/tenants/{t}/connections/{id}", a, connB).headers(h -> h.setBearerAuth(keyA))
                .bodyValue(Map.of("name", "hijack")).exchange().expectStatus().isNotFound();
        http.get().uri("/api/tenants/{t}/connections", a).headers(h -> h.setBearerAuth(keyA)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        http.get().uri("/api/tenants/{t}/connections", b).headers(h -> h.setBearerAuth(OPERATOR_KEY)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].id").isEqualTo(connB);
    }

    @Test
    void shouldAnswer400WithStableCodesForInvalidConnections() {
        String tenant = newTenant();
        String key = issueKey(tenant);
        expect400(tenant, key, Map.of("provider", "myspace"), "invalid_provider");
        expect400(tenant, key, Map.of("account", "x"), "invalid_provider");
        expect400(tenant, key, Map.of("provider", "square", "apiBaseUrl", "ftp://example.com"), "invalid_api_base_url");
        expect400(tenant, key, Map.of("provider", "square", "webhookSecret", " "), "invalid_secret");
        String id = create(tenant, key, Map.of("provider", "toast")).get("id").asText();
        http.patch().uri("/api/tenants/{t}/connections/{id}", tenant, id).headers(h -> h.setBearerAuth(key))
                .bodyValue(Map.of("provider", "square")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("provider_immutable");
    }

    @Test
    void shouldIssueApiKeysOnlyToTheOperator() {
        String tenant = newTenant();
        String key = issueKey(tenant);
        http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isForbidden();
        http.post().uri("/api/tenants/{t}/api-keys", tenant).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("unauthorized");
        http.get().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth("tsk_not-a-key")).exchange()
                .expectStatus().isUnauthorized();
    }

    private void expect400(String tenant, String key, Map<String, Object> body, String code) {
        http.post().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(key)).bodyValue(body)
                .exchange().expectStatus().isEqualTo(HttpStatus.BAD_REQUEST).expectBody().jsonPath("$.error").isEqualTo(code);
    }
}
