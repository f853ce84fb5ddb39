package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Operational webhooks: a tenant's operational endpoint hears {@code endpoint.failing}, {@code endpoint.disabled},
 * {@code message.attempt.exhausted} and {@code endpoint.enabled} about its other endpoints, signed like every webhook
 * (checked with the independent {@link StandardWebhooksVerifier}); it is not listed with the other endpoints and
 * receives no platform events.
 */
class OperationalWebhooksTest extends DeliveryIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldTellTheOperationalEndpointOfFailingDisabledExhaustedAndEnabledWithValidSignatures() throws Exception {
        Map<String, Object> ops = asOperator(web.put().uri("/api/tenants/{t}/operational-endpoint", tenant)
                .bodyValue(Map.of("url", receiver.url("/ops"), "headers", Map.of("X-Team", "integrations"))))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        String secret = (String) ops.get("secret");
        assertThat(secret).startsWith("whsec_");
        receiver.script("/down", (n, r) -> Receiver.Reply.status(500));
        Map<String, Object> endpoint = createEndpoint("/down", List.of());
        // one message runs out of retries (4 attempts: below the disable threshold), then more disable the endpoint
        publish(inventoryEvent(tenant, "ev-first-" + UUID.randomUUID(), "item-0"));
        await().atMost(seconds(60)).until(() -> types().contains("message.attempt.exhausted"));
        for (int i = 1; i < 4; i++) {
            publish(inventoryEvent(tenant, "ev-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        await().atMost(seconds(60)).until(() -> types().contains("endpoint.disabled"));
        asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/enable", tenant, endpoint.get("id"))).exchange()
                .expectStatus().isOk();
        await().atMost(seconds(30)).until(() -> types().contains("endpoint.enabled"));

        assertThat(types()).contains("endpoint.failing").doesNotContain("inventory.updated");
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(secret);
        for (Receiver.Request r : receiver.requests("/ops")) {
            assertThat(verifier.verify(r.headers().get("webhook-id"), r.headers().get("webhook-timestamp"),
                    r.headers().get("webhook-signature"), r.body(), System.currentTimeMillis() / 1000)).isTrue();
            assertThat(r.headers()).containsEntry("x-team", "integrations");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("data").path("endpointId").asText()).isEqualTo(endpoint.get("id"));
        }
        JsonNode disabled = receiver.requests("/ops").stream().map(r -> read(r.body()))
                .filter(b -> b.path("type").asText().equals("endpoint.disabled")).findFirst().orElseThrow();
        assertThat(disabled.path("data").path("trigger").asText()).isEqualTo("automatic");
        assertThat(disabled.path("data").path("failSince").asText()).isNotBlank();

        // the operational endpoint is not among the tenant's endpoints
        Map<String, Object> page = asOperator(web.get().uri("/api/tenants/{t}/endpoints", tenant)).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((List<?>) page.get("data")).hasSize(1);
        asOperator(web.get().uri("/api/tenants/{t}/operational-endpoint", tenant)).exchange().expectStatus().isOk()
                .expectBody(MAP).value(v -> assertThat(v).containsEntry("id", ops.get("id")).doesNotContainKey("secret"));
    }

    @Test
    void shouldRefuseAnotherTenantsOperationalEndpointAndReservedHeaders() {
        String otherKey = tenantKey("other-" + UUID.randomUUID().toString().substring(0, 8));
        assertError(withKey(web.get().uri("/api/tenants/{t}/operational-endpoint", tenant), otherKey), 403,
                "forbidden");
        assertError(asOperator(web.put().uri("/api/tenants/{t}/operational-endpoint", tenant)
                .bodyValue(Map.of("url", receiver.url("/ops"), "headers", Map.of("webhook-signature", "x")))), 400,
                "reserved_header");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/operational-endpoint", tenant)), 404, "not_found");
    }

    private List<String> types() {
        return receiver.requests("/ops").stream().map(r -> read(r.body()).path("type").asText()).toList();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
