package io.tillsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every management route of the service, called with tenant A's key on tenant B's data: 403 (B's path) or 404 (B's
 * connection under A's path), a JSON error, and B's data unchanged. The list of routes is checked against the
 * routes the application actually maps, so a new route cannot be added without being covered here.
 */
class TenantIsolationTest extends SyncStackTestBase {

    @Autowired
    WebTestClient http;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A call: the route as mapped, and the request made (B's tenant as {b}, B's connection as {conn}). */
    private record Call(HttpMethod method, String route, String uri, Map<String, Object> body) {
    }

    private static final List<Call> ON_B = List.of(
            new Call(HttpMethod.GET, "/api/tenants/{tenant}/connections", "/api/tenants/{b}/connections", null),
            new Call(HttpMethod.POST, "/api/tenants/{tenant}/connections", "/api/tenants/{b}/connections",
                    Map.of("provider", "square")),
            new Call(HttpMethod.GET, "/api/tenants/{tenant}/connections/{id}", "/api/tenants/{b}/connections/{conn}", null),
            new Call(HttpMethod.PATCH, "/api/tenants/{tenant}/connections/{id}", "/api/tenants/{b}/connections/{conn}",
                    Map.of("name", "hijacked")),
            new Call(HttpMethod.POST, "/api/tenants/{tenant}/connections/{id}/disable",
                    "/api/tenants/{b}/connections/{conn}/disable", null),
            new Call(HttpMethod.POST, "/api/tenants/{tenant}/connections/{id}/secret/revoke-previous",
                    "/api/tenants/{b}/connections/{conn}/secret/revoke-previous", null),
            new Call(HttpMethod.POST, "/api/tenants/{tenant}/api-keys", "/api/tenants/{b}/api-keys", Map.of("name", "stolen")),
            new Call(HttpMethod.GET, "/api/tenants/{tenant}/api-keys", "/api/tenants/{b}/api-keys", null),
            new Call(HttpMethod.DELETE, "/api/tenants/{tenant}/api-keys/{id}",
                    "/api/tenants/{b}/api-keys/00000000-0000-0000-0000-000000000000", null),
            new Call(HttpMethod.POST, "/api/clients/{slug}/sync-availability", "/api/clients/{b}/sync-availability", null),
            new Call(HttpMethod.GET, "/api/clients/{slug}/sync-availability/{requestId}",
                    "/api/clients/{b}/sync-availability/00000000-0000-0000-0000-000000000000", null),
            new Call(HttpMethod.GET, "/api/tenants/{tenant}/menu-items", "/api/tenants/{b}/menu-items", null),
            new Call(HttpMethod.GET, "/api/sync/tripleseat", "/api/sync/tripleseat?tenant={b}&event_id=1", null),
            // operator-only: a tenant key may not replay anyone's dead letters
            new Call(HttpMethod.POST, "/api/ops/dlt/{topic}/replay", "/api/ops/dlt/catalog.changes/replay", null),
            new Call(HttpMethod.POST, "/api/operator/secrets/reencrypt", "/api/operator/secrets/reencrypt", null));

    @Test
    void shouldCoverEveryManagementRouteTheApplicationMaps() {
        Set<String> mapped = mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternsCondition().getPatterns().stream()
                        .flatMap(p -> info.getMethodsCondition().getMethods().stream()
                                .map(m -> m.name() + " " + p.getPatternString())))
                .filter(route -> route.contains(" /api/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = ON_B.stream().map(c -> c.method().name() + " " + c.route())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(mapped);
    }

    @Test
    void shouldAnswer403Or404OnEveryRouteWhenTenantAUsesItsKeyOnTenantB() {
        String a = newTenant();
        String b = newTenant();
        String keyA = issueKey(a);
        String keyB = issueKey(b);
        JsonNode connB = http.post().uri("/api/tenants/{t}/connections", b).headers(h -> h.setBearerAuth(keyB))
                .bodyValue(Map.of("provider", "clover", "account", "MID-B", "name", "B's Clover", "apiToken", "b-token"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String conn = connB.get("id").asText();

        for (Call call : ON_B) {
            String uri = call.uri().replace("{b}", b).replace("{conn}", conn);
            WebTestClient.RequestBodySpec request = http.method(call.method()).uri(uri).headers(h -> h.setBearerAuth(keyA));
            WebTestClient.ResponseSpec response = call.body() == null ? request.exchange()
                    : request.bodyValue(call.body()).exchange();
            response.expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden")
                    .jsonPath("$.message").isNotEmpty();
        }
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PATCH)) {
            WebTestClient.RequestBodySpec request = http.method(method)
                    .uri("/api/tenants/{t}/connections/{id}", a, conn).headers(h -> h.setBearerAuth(keyA));
            (method == HttpMethod.PATCH ? request.bodyValue(Map.of("name", "hijacked")).exchange() : request.exchange())
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
        }
        http.post().uri("/api/tenants/{t}/connections/{id}/disable", a, conn).headers(h -> h.setBearerAuth(keyA))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");

        Map<String, Object> stored = rows("SELECT name, status FROM sync.connection WHERE id = ?", conn).get(0);
        assertThat(stored).containsEntry("name", "B's Clover").containsEntry("status", "active");
        assertThat(rows("SELECT id FROM sync.connection WHERE tenant = ?", b)).hasSize(1);
        assertThat(rows("SELECT id FROM sync.connection WHERE tenant = ?", a)).isEmpty();
        assertThat(rows("SELECT id FROM auth.api_key WHERE tenant = ?", b)).hasSize(1);
        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS, r -> b.equals(r.value().getTenant()))).isEmpty();
        String seenByB = http.get().uri("/api/tenants/{t}/connections/{id}", b, conn).headers(h -> h.setBearerAuth(keyB))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(seenByB).contains("B's Clover").doesNotContain("b-token");
    }

    private String issueKey(String tenant) {
        return http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY))
                .bodyValue(Map.of("name", "isolation")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("key").asText();
    }
}
