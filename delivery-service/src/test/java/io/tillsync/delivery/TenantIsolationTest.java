package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation on every tenant route, found from the application's own handler mappings so that a route added
 * later is covered too: tenant B's key is refused (403) on tenant A's paths, and under its own path B cannot reach
 * A's endpoints or messages by id (404) nor see them in lists.
 */
class TenantIsolationTest extends DeliveryIntegrationTest {

    private static final String TENANT_PREFIX = "/api/tenants/{tenant}";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One tenant route: method and pattern. */
    record Route(HttpMethod method, String pattern) {

        boolean hasId() {
            return pattern.contains("{endpointId}") || pattern.contains("{messageId}");
        }
    }

    @Test
    void shouldRefuseAnotherTenantsKeyOnEveryTenantRouteAndChangeNothing() {
        String tenantA = tenant;
        String tenantB = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String keyA = tenantKey(tenantA);
        String keyB = tenantKey(tenantB);
        Ids a = endpointAndDeliveredMessage(keyA);
        List<Route> routes = tenantRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(14);

        for (Route route : routes) {
            assertError(call(route, tenantA, a, keyB), 403, "forbidden").contains(tenantA);
        }

        // tenant A's own key still works, and nothing of A's changed
        Map<String, Object> endpoint = withKey(web.get().uri("/api/tenants/{t}/endpoints/{id}", tenantA, a.endpointId),
                keyA).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(endpoint).containsEntry("status", "ACTIVE").containsEntry("name", "hook /a");
        withKey(web.get().uri("/api/tenants/{t}/endpoints/{id}/secret", tenantA, a.endpointId), keyA).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.secret").isEqualTo(a.secret)
                .jsonPath("$.previousSecret").doesNotExist();
        assertThat(receiver.requests("/a")).hasSize(1);
        assertThat(query("SELECT count(*) AS n FROM delivery.message_attempt WHERE tenant = ?", tenantA).get(0).get("n"))
                .isEqualTo(1L);
    }

    @Test
    void shouldNotLetATenantReachAnotherTenantsEndpointsOrMessagesByIdUnderItsOwnPath() {
        String tenantA = tenant;
        String tenantB = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String keyA = tenantKey(tenantA);
        String keyB = tenantKey(tenantB);
        Ids a = endpointAndDeliveredMessage(keyA);

        for (Route route : tenantRoutes()) {
            if (route.hasId()) {
                assertError(call(route, tenantB, a, keyB), 404, "not_found");
            }
        }
        assertThat(page(withKey(web.get().uri("/api/tenants/{t}/endpoints", tenantB), keyB))).isEmpty();
        assertThat(page(withKey(web.get().uri("/api/tenants/{t}/messages", tenantB), keyB))).isEmpty();
        assertThat(page(withKey(web.get().uri("/api/tenants/{t}/attempts?endpointId={e}", tenantB, a.endpointId),
                keyB))).isEmpty();
        // a message of B's own resent to A's endpoint is refused without telling B the endpoint exists
        String messageB = storedMessageOf(tenantB, keyB);
        assertError(withKey(web.post().uri("/api/tenants/{t}/messages/{m}/resend", tenantB, messageB)
                .bodyValue(Map.of("endpointId", a.endpointId)), keyB), 409, "endpoint_unavailable");

        assertThat(query("SELECT status FROM delivery.endpoint WHERE tenant = ?", tenantA))
                .extracting(r -> r.get("status")).containsExactly("ACTIVE");
        assertThat(query("SELECT count(*) AS n FROM delivery.message_attempt WHERE tenant = ?", tenantA).get(0).get("n"))
                .isEqualTo(1L);
        assertThat(receiver.requests("/a")).hasSize(1);
    }

    @Test
    void shouldAnswer401ToAnUnknownKey() {
        assertError(withKey(web.get().uri("/api/tenants/{t}/endpoints", tenant), "tsk_unknown"), 401, "unauthorized");
    }

    private record Ids(String endpointId, String secret, String messageId) {
    }

    /** Tenant A (this test's tenant): an endpoint created with A's own key and one message delivered to it. */
    private Ids endpointAndDeliveredMessage(String keyA) {
        Map<String, Object> created = withKey(web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .bodyValue(Map.of("name", "hook /a", "url", receiver.url("/a"))), keyA).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        String messageId = storedMessageOf(tenant, keyA);
        await().atMost(seconds(30)).until(() -> !query(
                "SELECT 1 FROM delivery.delivery WHERE tenant = ? AND status = 'SUCCEEDED'", tenant).isEmpty());
        return new Ids((String) created.get("id"), (String) created.get("secret"), messageId);
    }

    /** Publishes one event for a tenant and returns its message id, read through the API with the tenant's key. */
    private String storedMessageOf(String tenantId, String key) {
        publish(genericEvent(tenantId, "ev-" + UUID.randomUUID(), "sale.created", "{}"));
        await().atMost(seconds(30)).until(() -> !query("SELECT 1 FROM delivery.message WHERE tenant = ?", tenantId)
                .isEmpty());
        List<Map<String, Object>> messages = page(withKey(web.get().uri("/api/tenants/{t}/messages", tenantId), key));
        return (String) messages.get(0).get("id");
    }

    private List<Route> tenantRoutes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            info.getPatternsCondition().getPatterns().forEach(p -> {
                if (p.getPatternString().startsWith(TENANT_PREFIX)) {
                    info.getMethodsCondition().getMethods().forEach(m ->
                            routes.add(new Route(HttpMethod.valueOf(m.name()), p.getPatternString())));
                }
            });
        }
        return routes;
    }

    /** Calls a route for {@code pathTenant} with A's ids and a valid body, so only authorisation can refuse it. */
    private WebTestClient.RequestHeadersSpec<?> call(Route route, String pathTenant, Ids a, String key) {
        String uri = route.pattern().replace("{tenant}", pathTenant).replace("{endpointId}", a.endpointId)
                .replace("{messageId}", a.messageId);
        WebTestClient.RequestBodySpec request = web.method(route.method()).uri(uri);
        Object body = bodyFor(route);
        return withKey(body == null ? request : request.bodyValue(body), key);
    }

    private Object bodyFor(Route route) {
        String p = route.pattern();
        if (route.method() == HttpMethod.POST && p.endsWith("/endpoints") || route.method() == HttpMethod.PUT) {
            return Map.of("name", "intruder", "url", receiver.url("/intruder"));
        }
        if (p.endsWith("/disable")) {
            return Map.of("reason", "intruder");
        }
        if (p.endsWith("/recover")) {
            return Map.of("since", Instant.EPOCH.toString());
        }
        if (p.endsWith("/resend") || p.endsWith("/rotate")) {
            return Map.of();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> page(WebTestClient.RequestHeadersSpec<?> spec) {
        Map<String, Object> page = spec.exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) page.get("data");
    }
}
