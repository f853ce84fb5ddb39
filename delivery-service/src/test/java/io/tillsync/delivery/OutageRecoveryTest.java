package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.delivery.store.AttemptRecord;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.EndpointTally;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An outage: while an endpoint is disabled its events are recorded SKIPPED; enabling it offers recovery since the
 * outage began, and recovering resends every failed and skipped delivery, each event received once. The optional
 * time floor of auto-disable ({@code health.disable-after}) keeps a short burst of failures from disabling.
 */
class OutageRecoveryTest extends DeliveryIntegrationTest {

    @Autowired
    DeliveryStore store;

    @Test
    @SuppressWarnings("unchecked")
    void shouldRecordSkippedDeliveriesWhileDisabledAndRecoverEveryEventOnceAfterEnable() {
        AtomicBoolean up = new AtomicBoolean(false);
        receiver.script("/shop", (n, r) -> up.get() ? Receiver.Reply.ok() : Receiver.Reply.status(503));
        Map<String, Object> endpoint = createEndpoint("/shop", List.of());
        for (int i = 0; i < 3; i++) {
            publish(inventoryEvent(tenant, "before-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        await().atMost(seconds(60)).until(() -> "DISABLED".equals(endpointStatus()));

        for (int i = 0; i < 5; i++) {
            publish(inventoryEvent(tenant, "during-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        await().atMost(seconds(30)).until(() -> count("SKIPPED") == 5);
        await().atMost(seconds(30)).until(() -> count("FAILED") == 3);
        assertThat(query("SELECT count(*) AS n FROM delivery.message_attempt a JOIN delivery.delivery d "
                + "ON d.id = a.delivery_id WHERE d.tenant = ? AND d.status = 'SKIPPED'", tenant).get(0).get("n"))
                .isEqualTo(0L);

        up.set(true);
        Map<String, Object> enabled = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/enable", tenant,
                endpoint.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(enabled).containsEntry("status", "ACTIVE").doesNotContainKey("disabledAt");
        Map<String, Object> offer = (Map<String, Object>) enabled.get("recover");
        assertThat(offer).containsEntry("deliveries", 8)
                .containsEntry("path", "/api/tenants/" + tenant + "/endpoints/" + endpoint.get("id") + "/recover");

        Map<String, Object> recovered = asOperator(web.post().uri((String) offer.get("path"))
                .bodyValue(Map.of("since", offer.get("since")))).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(recovered).containsEntry("deliveries", 8);

        await().atMost(seconds(30)).until(() -> count("SUCCEEDED") == 8);
        // every event reached the receiver, and each was answered 200 once
        Map<String, Long> requestsPerMessage = receiver.requests("/shop").stream()
                .collect(Collectors.groupingBy(r -> r.headers().get("webhook-id"), Collectors.counting()));
        assertThat(requestsPerMessage).hasSize(8);
        assertThat(query("SELECT count(*) AS n, count(DISTINCT message_id) AS m FROM delivery.message_attempt "
                + "WHERE tenant = ? AND outcome = 'SUCCEEDED'", tenant).get(0))
                .containsEntry("n", 8L).containsEntry("m", 8L);
    }

    @Test
    void shouldNotDisableBeforeTheFailuresSpanDisableAfterAndDisableOnceTheyDo() {
        Map<String, Object> endpoint = createEndpoint("/floor", List.of());
        UUID id = PublicId.ENDPOINT.parse((String) endpoint.get("id"));
        Instant now = Instant.now();
        EndpointTally tenFailures = new EndpointTally(id, false, 10, null, now, now.minusSeconds(5));

        store.record(List.<AttemptRecord>of(), List.of(tenFailures), 10, Duration.ofHours(1)).block(seconds(30));
        Map<String, Object> state = query("SELECT status, consecutive_failures, failing_since FROM delivery.endpoint "
                + "WHERE id = ?", id).get(0);
        assertThat(state).containsEntry("status", "ACTIVE").containsEntry("consecutive_failures", 10);
        assertThat(state.get("failing_since")).isNotNull();

        // the streak is older than the floor now: the next failure disables
        update("UPDATE delivery.endpoint SET failing_since = now() - interval '2 hours' WHERE id = ?", id);
        store.record(List.<AttemptRecord>of(), List.of(new EndpointTally(id, false, 1, null, now, now)), 10,
                Duration.ofHours(1)).block(seconds(30));
        assertThat(endpointStatus()).isEqualTo("DISABLED");
    }

    private String endpointStatus() {
        return (String) query("SELECT status FROM delivery.endpoint WHERE tenant = ?", tenant).get(0).get("status");
    }

    private long count(String status) {
        return (Long) query("SELECT count(*) AS n FROM delivery.delivery WHERE tenant = ? AND status = ?", tenant, status)
                .get(0).get("n");
    }
}
