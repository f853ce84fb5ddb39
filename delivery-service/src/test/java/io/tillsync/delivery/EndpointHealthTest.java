package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Endpoint health: the consecutive-failure streak, ops alerts on the 3rd, 5th and 10th failure in a row, automatic
 * disabling at 10 with its reason, and the streak reset by a success.
 */
class EndpointHealthTest extends DeliveryIntegrationTest {

    @Test
    void shouldAlertOnThe3rdAnd5thFailureAndDisableTheEndpointOnThe10th() {
        receiver.script("/down", (n, r) -> Receiver.Reply.status(500));
        Map<String, Object> endpoint = createEndpoint("/down", List.of());
        // 5 messages x 4 attempts (1 + 3 retries in tests) = 20 attempts if nothing stopped them
        for (int i = 0; i < 5; i++) {
            publish(inventoryEvent(tenant, "ev-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }

        await().atMost(seconds(60)).until(() -> "DISABLED".equals(endpointState().get("status")));
        // an event fanned out after the endpoint was disabled is recorded SKIPPED
        await().atMost(seconds(30)).until(() -> query(
                "SELECT 1 FROM delivery.delivery WHERE tenant = ? AND status NOT IN ('FAILED', 'SKIPPED')", tenant).isEmpty());

        Map<String, Object> state = endpointState();
        int streak = (Integer) state.get("consecutive_failures");
        assertThat(streak).isGreaterThanOrEqualTo(10);
        assertThat((String) state.get("disabled_reason")).startsWith("disabled automatically after ")
                .endsWith(" consecutive failed attempts");
        assertThat(state.get("last_failure_at")).isNotNull();
        assertThat(state.get("last_success_at")).isNull();
        // sending stopped at the threshold (20 attempts otherwise): after it only attempts already in flight or dispatched
        // before the result was stored (per-endpoint bound 4) could still go out
        int attempts = receiver.requests("/down").size();
        assertThat(attempts).isBetween(10, 17);
        assertThat(query("SELECT count(*) AS n FROM delivery.message_attempt WHERE tenant = ?", tenant).get(0).get("n"))
                .isEqualTo((long) attempts);

        TopicProbe.await(Topics.OPS_ALERTS, 3, seconds(30), r -> tenant.equals(r.value().getTenant())
                && !"DELIVERY_EXHAUSTED".equals(r.value().getKind()));
        List<OpsAlert> alerts = TopicProbe.readAll(Topics.OPS_ALERTS, r -> tenant.equals(r.value().getTenant())
                && !"DELIVERY_EXHAUSTED".equals(r.value().getKind())).stream().map(r -> r.value()).toList();
        assertThat(alerts).extracting(OpsAlert::getKind)
                .containsExactly("DELIVERY_FAILING", "DELIVERY_FAILING", "ENDPOINT_DISABLED");
        assertThat(alerts).extracting(a -> a.getAttributes().get("consecutiveFailures"))
                .startsWith("3", "5");
        assertThat(Integer.parseInt(alerts.get(2).getAttributes().get("consecutiveFailures"))).isGreaterThanOrEqualTo(10);
        assertThat(alerts.get(2).getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alerts).allSatisfy(a -> assertThat(a.getSubject()).isEqualTo(endpoint.get("id")));

        Map<String, Object> view = asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}", tenant, endpoint.get("id")))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(view).containsEntry("status", "DISABLED").containsEntry("disabledReason", state.get("disabled_reason"));
    }

    @Test
    void shouldResetTheStreakOnSuccessAndCountTheNextStreakFromZero() {
        // attempts 1-2 fail, 3 succeeds (message 1); attempts 4-7 fail (message 2, exhausted)
        receiver.script("/flaky", (n, r) -> n == 3 ? Receiver.Reply.ok() : Receiver.Reply.status(502));
        Map<String, Object> endpoint = createEndpoint("/flaky", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        await().atMost(seconds(30)).until(() -> !query(
                "SELECT 1 FROM delivery.delivery WHERE tenant = ? AND status = 'SUCCEEDED'", tenant).isEmpty());
        await().atMost(seconds(30)).until(() -> endpointState().get("last_success_at") != null);
        Map<String, Object> view = asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}", tenant, endpoint.get("id")))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(view).containsEntry("consecutiveFailures", 0).containsEntry("status", "ACTIVE");
        assertThat(Instant.parse((String) view.get("lastSuccessAt"))).isAfter(Instant.parse((String) view.get("lastFailureAt")));

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-2"));
        await().atMost(seconds(30)).until(() -> !query(
                "SELECT 1 FROM delivery.delivery WHERE tenant = ? AND status = 'FAILED'", tenant).isEmpty());
        await().atMost(seconds(30)).until(() -> (Integer) endpointState().get("consecutive_failures") == 4);

        // without the reset the streak would be 6, with alerts at 3 and 5; from zero it is 4, with one alert at 3
        TopicProbe.await(Topics.OPS_ALERTS, 1, seconds(30), r -> tenant.equals(r.value().getTenant())
                && "DELIVERY_FAILING".equals(r.value().getKind()));
        List<OpsAlert> failing = TopicProbe.readAll(Topics.OPS_ALERTS, r -> tenant.equals(r.value().getTenant())
                && "DELIVERY_FAILING".equals(r.value().getKind())).stream().map(r -> r.value()).toList();
        assertThat(failing).extracting(a -> a.getAttributes().get("consecutiveFailures")).containsExactly("3");
        assertThat(endpointState().get("status")).isEqualTo("ACTIVE");
    }

    private Map<String, Object> endpointState() {
        return query("SELECT status, disabled_reason, consecutive_failures, last_success_at, last_failure_at "
                + "FROM delivery.endpoint WHERE tenant = ?", tenant).get(0);
    }
}
