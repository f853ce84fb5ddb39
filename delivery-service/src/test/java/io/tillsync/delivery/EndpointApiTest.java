package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The endpoints API through the real HTTP stack: CRUD, disable/enable, secret rotation, filters, JSON errors. */
class EndpointApiTest extends DeliveryIntegrationTest {

    @Test
    void shouldCreateAnEndpointWithAGeneratedWhsecSecretShownOnlyOnCreate() {
        Map<String, Object> created = createEndpoint("/hook", List.of("inventory.*", "sale.created"));

        assertThat((String) created.get("id")).matches("ep_[0-9a-f]{32}");
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        assertThat(created.get("status")).isEqualTo("ACTIVE");
        assertThat(created.get("eventTypes")).isEqualTo(List.of("inventory.*", "sale.created"));
        assertThat(created.get("url")).isEqualTo(receiver.url("/hook"));

        Map<String, Object> read = get("/api/tenants/{t}/endpoints/{id}", created.get("id"));
        assertThat(read).doesNotContainKey("secret").containsEntry("id", created.get("id"))
                .containsEntry("name", "hook /hook").containsEntry("consecutiveFailures", 0);
        assertThat(get("/api/tenants/{t}/endpoints/{id}/secret", created.get("id"))).containsEntry("secret", secret)
                .doesNotContainKey("previousSecret");
    }

    @Test
    void shouldKeepASecretGivenOnCreateAndRefuseAMalformedOne() {
        String given = "whsec_" + Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        Map<String, Object> body = endpointBody("/given", List.of());
        body.put("secret", given);
        Map<String, Object> created = asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(body))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(created.get("secret")).isEqualTo(given);

        body.put("secret", "not-a-secret");
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(body)), 400, "invalid_secret");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListTheTenantsEndpointsInCreationOrderOneCursorPageAtATime() {
        Map<String, Object> first = createEndpoint("/one", List.of());
        Map<String, Object> second = createEndpoint("/two", List.of("sale.refunded"));
        Map<String, Object> third = createEndpoint("/three", List.of());

        Map<String, Object> page1 = asOperator(web.get().uri("/api/tenants/{t}/endpoints?limit=2", tenant)).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        List<Map<String, Object>> listed = (List<Map<String, Object>>) page1.get("data");
        assertThat(listed).extracting(e -> e.get("id")).containsExactly(first.get("id"), second.get("id"));
        assertThat(listed).allSatisfy(e -> assertThat(e).doesNotContainKey("secret"));
        assertThat(page1.get("nextCursor")).isNotNull();

        Map<String, Object> page2 = asOperator(web.get().uri("/api/tenants/{t}/endpoints?limit=2&cursor={c}", tenant,
                page1.get("nextCursor"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) page2.get("data")).extracting(e -> e.get("id"))
                .containsExactly(third.get("id"));
        assertThat(page2).doesNotContainKey("nextCursor");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/endpoints?cursor=nonsense", tenant)), 400,
                "invalid_cursor");
    }

    @Test
    void shouldUpdateNameUrlDescriptionAndFilterAndRouteByTheNewFilter() {
        Map<String, Object> created = createEndpoint("/before", List.of("sale.created"));
        Map<String, Object> body = endpointBody("/after", List.of("inventory.*"));
        body.put("name", "renamed");
        body.put("description", "stock levels only");

        Map<String, Object> updated = asOperator(web.put().uri("/api/tenants/{t}/endpoints/{id}", tenant,
                created.get("id")).bodyValue(body)).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();

        assertThat(updated).containsEntry("name", "renamed").containsEntry("url", receiver.url("/after"))
                .containsEntry("description", "stock levels only").containsEntry("eventTypes", List.of("inventory.*"));
        assertThat(get("/api/tenants/{t}/endpoints/{id}", created.get("id"))).containsEntry("name", "renamed");
        publish(genericEvent(tenant, "ev-" + UUID.randomUUID(), "sale.created", "{}"));
        publish(genericEvent(tenant, "ev-" + UUID.randomUUID(), "inventory.low_stock", "{\"itemId\":\"i-1\"}"));
        await().atMost(seconds(30)).until(() -> receiver.requests("/after").size() == 1);
        assertThat(receiver.requests("/after").get(0).body()).contains("inventory.low_stock");
        assertThat(receiver.requests("/before")).isEmpty();
    }

    @Test
    void shouldRefuseASecretInAnUpdate() {
        Map<String, Object> created = createEndpoint("/hook", List.of());
        Map<String, Object> body = endpointBody("/hook", List.of());
        body.put("secret", created.get("secret"));

        assertError(asOperator(web.put().uri("/api/tenants/{t}/endpoints/{id}", tenant, created.get("id"))
                .bodyValue(body)), 400, "secret_not_updatable");
    }

    @Test
    void shouldStopDeliveringWhileDisabledAndResumeWhenEnabled() {
        Map<String, Object> paused = createEndpoint("/paused", List.of());
        createEndpoint("/marker", List.of());

        Map<String, Object> disabled = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/disable", tenant,
                paused.get("id")).bodyValue(Map.of("reason", "maintenance window"))).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(disabled).containsEntry("status", "DISABLED").containsEntry("disabledReason", "maintenance window");

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> receiver.requests("/marker").size() == 1);
        assertThat(receiver.requests("/paused")).isEmpty();

        Map<String, Object> enabled = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/enable", tenant,
                paused.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(enabled).containsEntry("status", "ACTIVE").doesNotContainKey("disabledReason");
        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> receiver.requests("/paused").size() == 1);
    }

    @Test
    void shouldDeleteAnEndpointAndAnswer404Afterwards() {
        Map<String, Object> created = createEndpoint("/gone", List.of());

        asOperator(web.delete().uri("/api/tenants/{t}/endpoints/{id}", tenant, created.get("id"))).exchange()
                .expectStatus().isNoContent();

        assertError(asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}", tenant, created.get("id"))), 404,
                "not_found");
        assertError(asOperator(web.delete().uri("/api/tenants/{t}/endpoints/{id}", tenant, created.get("id"))), 404,
                "not_found");
        assertThat(query("SELECT 1 FROM delivery.endpoint WHERE tenant = ?", tenant)).isEmpty();
    }

    @Test
    void shouldAnswerValidationErrorsAsJson() {
        Map<String, Object> noName = endpointBody("/x", List.of());
        noName.remove("name");
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(noName)), 400,
                "validation_failed").contains("name");

        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .bodyValue(endpointBody("/x", List.of("sale.exploded")))), 400, "unknown_event_type")
                .contains("sale.exploded");
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .bodyValue(endpointBody("/x", List.of("nothing.*")))), 400, "unknown_event_type");

        Map<String, Object> ftp = endpointBody("/x", List.of());
        ftp.put("url", "ftp://127.0.0.1/hook");
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(ftp)), 400,
                "target_not_allowed");

        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")), 400, "bad_request");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}", tenant, "ep_nope")), 404, "not_found");
        assertError(web.get().uri("/api/tenants/{t}/endpoints", tenant), 401, "unauthorized");
        assertThat(query("SELECT 1 FROM delivery.endpoint WHERE tenant = ?", tenant)).isEmpty();
    }

    @Test
    void shouldRefuseTargetsOnPrivateOrMetadataAddressesEvenWhenLoopbackIsAllowed() {
        for (String url : List.of("http://10.0.0.5/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest",
                "http://[fd00::1]/hook")) {
            Map<String, Object> body = endpointBody("/x", List.of());
            body.put("url", url);
            assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(body)), 400,
                    "target_not_allowed");
        }
    }

    @Test
    void shouldRefuseAtSendTimeATargetThatNoLongerPassesTheGuard() {
        createEndpoint("/moved", List.of());
        // as if DNS now pointed the host at a private address: the guard runs again before every send
        update("UPDATE delivery.endpoint SET url = 'http://10.0.0.5/hook' WHERE tenant = ?", tenant);

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> !query("SELECT 1 FROM delivery.message_attempt WHERE tenant = ?",
                tenant).isEmpty());
        Map<String, Object> attempt = query("SELECT outcome, response_status, error FROM delivery.message_attempt "
                + "WHERE tenant = ? ORDER BY created_at LIMIT 1", tenant).get(0);
        assertThat(attempt.get("outcome")).isEqualTo("FAILED");
        assertThat(attempt.get("response_status")).isNull();
        assertThat((String) attempt.get("error")).startsWith("target refused:").contains("private");
    }

    @Test
    void shouldSignWithBothSecretsFor24HoursAfterRotationAndThenOnlyWithTheNewOne() {
        Map<String, Object> endpoint = createEndpoint("/rotating", List.of());
        String oldSecret = (String) endpoint.get("secret");

        Map<String, Object> rotated = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/secret/rotate", tenant,
                endpoint.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();

        String newSecret = (String) rotated.get("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.get("previousSecret")).isEqualTo(oldSecret);
        Instant expires = Instant.parse((String) rotated.get("previousSecretExpiresAt"));
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(23), Duration.ofHours(24));

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> receiver.requests("/rotating").size() == 1);
        Receiver.Request during = receiver.requests("/rotating").get(0);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(oldSecret, during)).isTrue();
        assertThat(verifies(newSecret, during)).isTrue();

        // the 24 hours are over
        update("UPDATE delivery.endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE tenant = ?",
                tenant);
        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> receiver.requests("/rotating").size() == 2);
        Receiver.Request after = receiver.requests("/rotating").get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifies(newSecret, after)).isTrue();
        assertThat(verifies(oldSecret, after)).isFalse();
        assertThat(get("/api/tenants/{t}/endpoints/{id}/secret", endpoint.get("id")))
                .containsEntry("secret", newSecret).doesNotContainKey("previousSecret");
    }

    @Test
    void shouldRotateToAGivenSecretAndRefuseAMalformedOne() {
        Map<String, Object> endpoint = createEndpoint("/hook", List.of());
        String given = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

        asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/secret/rotate", tenant, endpoint.get("id"))
                .bodyValue(Map.of("secret", given))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.secret").isEqualTo(given);
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/secret/rotate", tenant,
                endpoint.get("id")).bodyValue(Map.of("secret", "whsec_short"))), 400, "invalid_secret");
    }

    @Test
    void shouldPublishTheEventTypeCatalogue() {
        List<Map<String, Object>> types = asOperator(web.get().uri("/api/event-types")).exchange().expectStatus().isOk()
                .expectBodyList(MAP).returnResult().getResponseBody();

        assertThat(types).extracting(t -> t.get("type")).contains("sale.created", "inventory.low_stock",
                "repair_order.status_changed", "purchase_order.received", "item.availability_changed");
        assertThat(types).allSatisfy(t -> assertThat((String) t.get("description")).isNotBlank());
    }

    private boolean verifies(String secret, Receiver.Request r) {
        return new StandardWebhooksVerifier(secret).verify(r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body(), Instant.now().getEpochSecond());
    }

    private Map<String, Object> endpointBody(String path, List<String> eventTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "hook " + path);
        body.put("url", receiver.url(path));
        body.put("eventTypes", eventTypes);
        return body;
    }

    private Map<String, Object> get(String uri, Object id) {
        return asOperator(web.get().uri(uri, tenant, id)).exchange().expectStatus().isOk().expectBody(MAP)
                .returnResult().getResponseBody();
    }
}
