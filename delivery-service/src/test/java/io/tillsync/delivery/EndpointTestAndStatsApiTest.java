package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The endpoint routes beyond create/read: a test event sent through the normal path and answered with its attempt,
 * recent statistics, per-endpoint headers and timeout (with their validation), each isolated by tenant.
 */
class EndpointTestAndStatsApiTest extends DeliveryIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldSendATestEventWithTheEndpointsHeadersAndAnswerWithItsAttemptThenCountItInTheStats() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "erp");
        body.put("url", receiver.url("/erp"));
        body.put("headers", Map.of("X-Erp-Tenant", "shop-12"));
        body.put("timeout", 5);
        Map<String, Object> endpoint = asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(body))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(endpoint).containsEntry("timeout", 5);
        assertThat((Map<String, Object>) endpoint.get("headers")).containsEntry("x-erp-tenant", "shop-12");

        Map<String, Object> attempt = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/test", tenant,
                endpoint.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(attempt).containsEntry("status", "SUCCEEDED").containsEntry("responseStatusCode", 200)
                .containsEntry("eventType", "tillsync.test").containsEntry("endpointId", endpoint.get("id"));
        Receiver.Request got = receiver.requests("/erp").get(0);
        assertThat(got.headers()).containsEntry("x-erp-tenant", "shop-12").containsKey("webhook-signature");
        assertThat(got.body()).contains("\"type\":\"tillsync.test\"");

        Map<String, Object> stats = asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}/stats", tenant,
                endpoint.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        Map<String, Object> hour = (Map<String, Object>) stats.get("lastHour");
        assertThat(hour).containsEntry("attempts", 1).containsEntry("succeeded", 1).containsEntry("successRate", 1.0);
        assertThat(hour.get("p50LatencyMs")).isNotNull();
        assertThat((Map<String, Object>) stats.get("lastDay")).containsEntry("attempts", 1);
        assertThat((Integer) stats.get("currentConcurrency")).isPositive();
    }

    @Test
    void shouldRefuseReservedHeadersAndTimeoutsOutsideOneToThirtySeconds() {
        for (String name : List.of("webhook-id", "Webhook-Signature", "Connection", "transfer-encoding", "host",
                "bad name")) {
            assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(Map.of("name", "x",
                    "url", receiver.url("/x"), "headers", Map.of(name, "v")))), 400,
                    name.contains(" ") ? "invalid_headers" : "reserved_header");
        }
        for (int timeout : new int[] {0, 31}) {
            asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(Map.of("name", "x",
                    "url", receiver.url("/x"), "timeout", timeout))).exchange().expectStatus().isBadRequest();
        }
    }

    @Test
    void shouldAnswer404ForAnotherTenantsEndpointOnTestAndStats() {
        Map<String, Object> endpoint = createEndpoint("/mine", List.of());
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherKey = tenantKey(other);
        assertError(withKey(web.post().uri("/api/tenants/{t}/endpoints/{id}/test", other, endpoint.get("id")),
                otherKey), 404, "not_found");
        assertError(withKey(web.get().uri("/api/tenants/{t}/endpoints/{id}/stats", other, endpoint.get("id")),
                otherKey), 404, "not_found");
        assertThat(receiver.requests("/mine")).isEmpty();
    }
}
