package io.tillsync.sync.catalog;

import static io.tillsync.sync.catalog.CatalogFixtures.T0;
import static io.tillsync.sync.catalog.CatalogFixtures.availability;
import static io.tillsync.sync.catalog.CatalogFixtures.change;
import static io.tillsync.sync.catalog.CatalogFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.sync.SyncStackTestBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The availability API on the running service: the tenant's menu items as the catalog listener applied them, a
 * filter on availability, {@code Cache-Control: max-age=5}, an ETag that a conditional request turns into 304 until
 * an item changes, and tenant isolation.
 */
class MenuItemApiTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    WebTestClient http;

    private String issueKey(String tenant) {
        return http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY))
                .bodyValue(Map.of("name", "menu")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("key").asText();
    }

    private EntityExchangeResult<JsonNode> get(String tenant, String key, String query, String ifNoneMatch) {
        return http.get().uri("/api/tenants/{t}/menu-items" + query, tenant)
                .headers(h -> {
                    h.setBearerAuth(key);
                    if (ifNoneMatch != null) {
                        h.setIfNoneMatch(ifNoneMatch);
                    }
                })
                .exchange().expectBody(JsonNode.class).returnResult();
    }

    @Test
    void shouldListItemsWithMaxAge5AndAnEtagThatAnswers304UntilAnItemChanges() {
        String tenant = newTenant();
        String key = issueKey(tenant);
        send(change(tenant, "conn-toast", "toast", "burger", T0, availability(false, "Burger")),
                change(tenant, "conn-toast", "toast", "fries", T0, availability(true, "Fries")));
        await().atMost(WAIT).until(() -> get(tenant, key, "", null).getResponseBody().path("count").asInt() == 2);

        EntityExchangeResult<JsonNode> all = get(tenant, key, "", null);
        assertThat(all.getStatus().value()).isEqualTo(200);
        assertThat(all.getResponseHeaders().getCacheControl()).contains("max-age=5");
        String etag = all.getResponseHeaders().getETag();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(all.getResponseBody().path("items")).extracting(i -> i.path("externalId").asText() + "="
                + i.path("available").asBoolean()).containsExactly("burger=false", "fries=true");

        EntityExchangeResult<JsonNode> unavailable = get(tenant, key, "?available=false", null);
        assertThat(unavailable.getResponseBody().path("items")).extracting(i -> i.path("externalId").asText())
                .containsExactly("burger");
        assertThat(unavailable.getResponseHeaders().getETag()).isNotEqualTo(etag);

        EntityExchangeResult<JsonNode> notModified = get(tenant, key, "", etag);
        assertThat(notModified.getStatus().value()).isEqualTo(304);
        assertThat(notModified.getResponseBody()).isNull();
        assertThat(notModified.getResponseHeaders().getETag()).isEqualTo(etag);
        assertThat(notModified.getResponseHeaders().getCacheControl()).contains("max-age=5");

        send(change(tenant, "conn-toast", "toast", "burger", T0.plusSeconds(60), availability(true, "Burger")));
        await().atMost(WAIT).until(() -> get(tenant, key, "", etag).getStatus().value() == 200);
        EntityExchangeResult<JsonNode> changed = get(tenant, key, "", etag);
        assertThat(changed.getResponseHeaders().getETag()).isNotEqualTo(etag);
        assertThat(changed.getResponseBody().path("items").get(0).path("available").asBoolean()).isTrue();
        assertThat(get(tenant, key, "", changed.getResponseHeaders().getETag()).getStatus().value()).isEqualTo(304);
    }

    @Test
    void shouldRefuseOtherTenantsMissingKeysAndBadFiltersWithJsonErrors() {
        String a = newTenant();
        String b = newTenant();
        String keyA = issueKey(a);
        send(change(b, "conn-toast", "toast", "secret-item", T0, availability(false, "Secret")));
        await().atMost(WAIT).until(() -> get(b, OPERATOR_KEY, "", null).getResponseBody().path("count").asInt() == 1);

        EntityExchangeResult<JsonNode> foreign = get(b, keyA, "", null);
        assertThat(foreign.getStatus().value()).isEqualTo(403);
        assertThat(foreign.getResponseBody().path("error").asText()).isEqualTo("forbidden");
        assertThat(foreign.getResponseBody().toString()).doesNotContain("secret-item");
        http.get().uri("/api/tenants/{t}/menu-items", b).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized");
        EntityExchangeResult<JsonNode> bad = get(a, keyA, "?available=maybe", null);
        assertThat(bad.getStatus().value()).isEqualTo(400);
        assertThat(bad.getResponseBody().path("error").asText()).isEqualTo("invalid_parameter");
        assertThat(get(a, keyA, "", null).getResponseBody().path("count").asInt()).isZero();
        assertThat(get(a, keyA, "", null).getResponseHeaders().getFirst(HttpHeaders.ETAG)).isNotNull();
    }
}
