package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Replay (resend one message, recover an endpoint's failed messages since a time) and the delivery log API. */
class ReplayAndLogTest extends DeliveryIntegrationTest {

    @Test
    void shouldResendAMessageToEveryEndpointItWentToAsAManualAttempt() {
        createEndpoint("/one", List.of());
        createEndpoint("/two", List.of("inventory.*"));
        createEndpoint("/sales", List.of("sale.created"));
        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> succeeded() == 2);
        String messageId = onlyMessageId();

        asOperator(web.post().uri("/api/tenants/{t}/messages/{m}/resend", tenant, messageId)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEqualTo(2);

        await().atMost(seconds(30)).until(() -> receiver.requests("/one").size() == 2
                && receiver.requests("/two").size() == 2);
        assertThat(receiver.requests("/one")).extracting(r -> r.header("webhook-id")).containsOnly(messageId);
        assertThat(receiver.requests("/sales")).isEmpty();
        await().atMost(seconds(30)).until(() -> query("SELECT 1 FROM delivery.message_attempt WHERE tenant = ? "
                + "AND trigger = 'manual' AND outcome = 'SUCCEEDED' AND attempt_no = 2", tenant).size() == 2);
    }

    @Test
    void shouldResendToOneEndpointEvenOneThatDidNotExistWhenTheMessageWasSent() {
        createEndpoint("/first", List.of());
        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> succeeded() == 1);
        String messageId = onlyMessageId();
        Map<String, Object> late = createEndpoint("/late", List.of());

        asOperator(web.post().uri("/api/tenants/{t}/messages/{m}/resend", tenant, messageId)
                .bodyValue(Map.of("endpointId", late.get("id")))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEqualTo(1);

        await().atMost(seconds(30)).until(() -> receiver.requests("/late").size() == 1);
        assertThat(receiver.requests("/late").get(0).header("webhook-id")).isEqualTo(messageId);
        assertThat(new StandardWebhooksVerifier((String) late.get("secret")).verify(
                receiver.requests("/late").get(0).header("webhook-id"),
                receiver.requests("/late").get(0).header("webhook-timestamp"),
                receiver.requests("/late").get(0).header("webhook-signature"),
                receiver.requests("/late").get(0).body(), Instant.now().getEpochSecond())).isTrue();
        assertThat(receiver.requests("/first")).hasSize(1);
        assertError(asOperator(web.post().uri("/api/tenants/{t}/messages/{m}/resend", tenant, "msg_" + "0".repeat(32))),
                404, "not_found");
    }

    @Test
    void shouldMakeOneManualAttemptWhenAnExhaustedMessageIsResentToAnEndpointStillFailing() {
        receiver.script("/broken", (n, r) -> Receiver.Reply.status(503));
        createEndpoint("/broken", List.of());
        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> query("SELECT 1 FROM delivery.delivery WHERE tenant = ? "
                + "AND status = 'FAILED'", tenant).size() == 1);
        assertThat(receiver.requests("/broken")).hasSize(4);

        asOperator(web.post().uri("/api/tenants/{t}/messages/{m}/resend", tenant, onlyMessageId())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEqualTo(1);

        await().atMost(seconds(30)).until(() -> query("SELECT 1 FROM delivery.message_attempt WHERE tenant = ? "
                + "AND trigger = 'manual'", tenant).size() == 1);
        await().atMost(seconds(30)).until(() -> "FAILED".equals(query(
                "SELECT status FROM delivery.delivery WHERE tenant = ?", tenant).get(0).get("status")));
        assertThat(query("SELECT attempts, failures FROM delivery.delivery WHERE tenant = ?", tenant).get(0))
                .containsEntry("attempts", 5).containsEntry("failures", 4);
        assertThat(receiver.requests("/broken")).hasSize(5);
        assertThat(TopicProbe.readAll(Topics.OPS_ALERTS, r -> tenant.equals(r.value().getTenant())
                && "DELIVERY_EXHAUSTED".equals(r.value().getKind()))).hasSize(1);
    }

    @Test
    void shouldRecoverTheFailedMessagesOfAnEndpointSinceATimeOnceItIsEnabledAgain() {
        AtomicBoolean down = new AtomicBoolean(true);
        receiver.script("/recovering", (n, r) -> down.get() ? Receiver.Reply.status(500) : Receiver.Reply.ok());
        Map<String, Object> endpoint = createEndpoint("/recovering", List.of());
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            eventIds.add("ev-" + i + "-" + UUID.randomUUID());
            publish(inventoryEvent(tenant, eventIds.get(i), "item-" + i));
        }
        // 3 messages x 4 attempts: exhausted, and the endpoint disabled at its 10th failure
        await().atMost(seconds(60)).until(() -> query("SELECT 1 FROM delivery.delivery WHERE tenant = ? "
                + "AND status = 'FAILED'", tenant).size() == 3);
        await().atMost(seconds(30)).until(() -> "DISABLED".equals(query(
                "SELECT status FROM delivery.endpoint WHERE tenant = ?", tenant).get(0).get("status")));
        // one of them is older than the recovery window
        update("UPDATE delivery.delivery d SET created_at = now() - interval '2 hours' FROM delivery.message m "
                + "WHERE m.id = d.message_id AND m.event_id = ?", eventIds.get(0));
        String since = Instant.now().minusSeconds(3600).toString();

        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/recover", tenant, endpoint.get("id"))
                .bodyValue(Map.of("since", since))), 409, "endpoint_disabled");
        assertError(asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/recover", tenant, endpoint.get("id"))
                .bodyValue(Map.of())), 400, "validation_failed");
        down.set(false);
        asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/enable", tenant, endpoint.get("id"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.consecutiveFailures").isEqualTo(0);
        asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/recover", tenant, endpoint.get("id"))
                .bodyValue(Map.of("since", since))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEqualTo(2);

        await().atMost(seconds(30)).until(() -> succeeded() == 2);
        assertThat(query("SELECT m.event_id FROM delivery.delivery d JOIN delivery.message m ON m.id = d.message_id "
                + "WHERE d.tenant = ? AND d.status = 'FAILED'", tenant)).extracting(r -> r.get("event_id"))
                .containsExactly(eventIds.get(0));
        assertThat(query("SELECT count(*) AS n FROM delivery.message_attempt WHERE tenant = ? AND trigger = 'manual' "
                + "AND outcome = 'SUCCEEDED'", tenant).get(0).get("n")).isEqualTo(2L);
    }

    @Test
    void shouldFilterAndPageTheAttemptLog() {
        Instant before = Instant.now().minusSeconds(1);
        receiver.script("/mixed", (n, r) -> r.body().contains("sale.created") ? Receiver.Reply.status(500)
                : Receiver.Reply.ok());
        createEndpoint("/mixed", List.of());
        Map<String, Object> other = createEndpoint("/other", List.of("sale.created"));
        for (int i = 0; i < 3; i++) {
            publish(inventoryEvent(tenant, "inv-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        publish(genericEvent(tenant, "sale-" + UUID.randomUUID(), "sale.created", "{}"));
        // /mixed: 3 successes + 4 failed attempts of the sale; /other: 1 success
        await().atMost(seconds(60)).until(() -> query("SELECT 1 FROM delivery.delivery WHERE tenant = ? "
                + "AND status = 'PENDING'", tenant).isEmpty() && attemptCount() == 8);

        assertThat(attempts("status=FAILED")).hasSize(4)
                .allSatisfy(a -> assertThat(a).containsEntry("eventType", "sale.created").containsEntry("status", "FAILED")
                        .containsEntry("responseStatusCode", 500));
        assertThat(attempts("status=succeeded&eventType=inventory.updated")).hasSize(3)
                .allSatisfy(a -> assertThat(a).containsEntry("responseStatusCode", 200));
        assertThat(attempts("eventType=sale.created")).hasSize(5);
        assertThat(attempts("endpointId=" + other.get("id"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("status", "SUCCEEDED").containsEntry("trigger", "scheduled"));
        assertThat(attempts("since=" + before)).hasSize(8);
        assertThat(attempts("since=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(attempts("until=" + before)).isEmpty();

        List<Map<String, Object>> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = attemptPage("limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> data = (List<Map<String, Object>>) page.get("data");
            all.addAll(data);
            pageSizes.add(data.size());
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(pageSizes).containsExactly(3, 3, 2);
        Set<Object> ids = new HashSet<>();
        all.forEach(a -> ids.add(a.get("id")));
        assertThat(ids).hasSize(8).allSatisfy(id -> assertThat((String) id).startsWith("atmpt_"));
        List<Instant> times = all.stream().map(a -> Instant.parse((String) a.get("timestamp"))).toList();
        assertThat(times).isSortedAccordingTo((x, y) -> y.compareTo(x));
    }

    @Test
    void shouldFilterAndPageMessagesAndShowTheStatePerEndpoint() {
        createEndpoint("/hook", List.of());
        for (int i = 0; i < 3; i++) {
            publish(inventoryEvent(tenant, "inv-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        publish(genericEvent(tenant, "sale-" + UUID.randomUUID(), "sale.created", "{\"saleId\":\"s-1\"}"));
        await().atMost(seconds(30)).until(() -> succeeded() == 4);

        Map<String, Object> first = page("/api/tenants/{t}/messages?eventType=inventory.updated&limit=2");
        assertThat(data(first)).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("eventType", "inventory.updated"));
        Map<String, Object> second = page("/api/tenants/{t}/messages?eventType=inventory.updated&limit=2&cursor="
                + first.get("nextCursor"));
        assertThat(data(second)).hasSize(1);
        assertThat(second).doesNotContainKey("nextCursor");

        Map<String, Object> sale = data(page("/api/tenants/{t}/messages?eventType=sale.created")).get(0);
        Map<String, Object> detail = asOperator(web.get().uri("/api/tenants/{t}/messages/{m}", tenant, sale.get("id")))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(detail).containsEntry("eventType", "sale.created");
        assertThat(detail.get("payload").toString()).contains("s-1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deliveries = (List<Map<String, Object>>) detail.get("deliveries");
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "SUCCEEDED")
                .containsEntry("attempts", 1));
    }

    @Test
    void shouldAnswerBadLogQueriesWithJsonErrors() {
        assertError(asOperator(web.get().uri("/api/tenants/{t}/attempts?cursor=garbage", tenant)), 400, "invalid_cursor");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/attempts?status=MAYBE", tenant)), 400, "invalid_status");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/attempts?since=yesterday", tenant)), 400, "invalid_since");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/messages?limit=0", tenant)), 400, "invalid_limit");
        assertError(asOperator(web.get().uri("/api/tenants/{t}/messages?limit=251", tenant)), 400, "invalid_limit");
    }

    private long succeeded() {
        return (Long) query("SELECT count(*) AS n FROM delivery.delivery WHERE tenant = ? AND status = 'SUCCEEDED'",
                tenant).get(0).get("n");
    }

    private long attemptCount() {
        return (Long) query("SELECT count(*) AS n FROM delivery.message_attempt WHERE tenant = ?", tenant).get(0).get("n");
    }

    private String onlyMessageId() {
        return (String) data(page("/api/tenants/{t}/messages")).get(0).get("id");
    }

    private List<Map<String, Object>> attempts(String query) {
        return data(attemptPage(query));
    }

    private Map<String, Object> attemptPage(String query) {
        return page("/api/tenants/{t}/attempts?" + query);
    }

    private Map<String, Object> page(String uri) {
        return asOperator(web.get().uri(uri, tenant)).exchange().expectStatus().isOk().expectBody(MAP).returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("data");
    }
}
