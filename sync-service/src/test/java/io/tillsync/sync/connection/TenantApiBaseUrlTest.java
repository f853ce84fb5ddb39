package io.tillsync.sync.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.sync.SyncStackTestBase;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With private targets not allowed (production), a tenant key may point a connection only at its provider's
 * official API hosts, on create and on update; the operator key may name another host.
 */
class TenantApiBaseUrlTest extends SyncStackTestBase {

    @DynamicPropertySource
    static void strictTargets(DynamicPropertyRegistry registry) {
        registry.add("tillsync.outbound.allow-private-targets", () -> "false");
    }

    @Autowired
    WebTestClient http;

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
            "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0177.0.0.1/", "https://example.com"})
    void shouldAnswer400InvalidApiBaseUrlWhenATenantPointsAConnectionElsewhere(String url) {
        String tenant = newTenant();
        String key = issueKey(http, tenant);
        JsonNode refused = http.post().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(key))
                .bodyValue(Map.of("provider", "square", "apiToken", "tok", "apiBaseUrl", url)).exchange()
                .expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(refused.get("error").asText()).isEqualTo("invalid_api_base_url");

        JsonNode created = http.post().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(key))
                .bodyValue(Map.of("provider", "square", "apiToken", "tok",
                        "apiBaseUrl", "https://connect.squareupsandbox.com"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        http.patch().uri("/api/tenants/{t}/connections/{id}", tenant, created.get("id").asText())
                .headers(h -> h.setBearerAuth(key)).bodyValue(Map.of("apiBaseUrl", url)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_api_base_url");
        assertThat(rows("SELECT api_base_url FROM sync.connection WHERE id = ?", created.get("id").asText()).get(0)
                .get("api_base_url")).isEqualTo("https://connect.squareupsandbox.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://square-gateway.example.com"})
    void shouldLetTheOperatorKeyNameAnotherHost(String url) {
        String tenant = newTenant();
        http.post().uri("/api/tenants/{t}/connections", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY))
                .bodyValue(Map.of("provider", "square", "apiToken", "tok", "apiBaseUrl", url)).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.apiBaseUrl").isEqualTo(url);
    }
}
