package io.tillsync.poller.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.poller.poll.PollRunner;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** 401 and 429 on the shared poll machinery, and manual syncs with their per-connection status. */
class PosFailureAndManualSyncTest extends PosStackTestBase {

    @Test
    void shouldMarkTheTokenInvalidAndAlertOn401ThenResumeWithANewToken() {
        FakeToast toast = fake(new FakeToast()).restaurant("r-401", "tok-new");
        toast.publish("r-401", Map.of("pie", "Pie"), Instant.parse("2026-11-20T10:00:00Z"));
        String tenant = newTenant();
        String connection = connection(tenant, "toast", "r-401", "tok-old", toast.baseUrl(), "{}");

        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.TOKEN_INVALID);

        assertThat(state(connection)).containsEntry("token_status", "invalid");
        assertThat(changes(tenant)).isEmpty();
        List<ConsumerRecord<String, OpsAlert>> alerts = TopicProbe.await(Topics.OPS_ALERTS, 1, Duration.ofSeconds(30),
                r -> r.value() != null && tenant.equals(r.value().getTenant()));
        assertThat(alerts).singleElement().satisfies(r -> {
            assertThat(r.value().getKind()).isEqualTo("TOKEN_INVALID");
            assertThat(r.value().getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(r.value().getAttributes()).containsEntry("provider", "toast").containsEntry("connectionId",
                    connection);
            assertThat(r.value().getMessage()).doesNotContain("tok-old");
        });
        sql("UPDATE poller.poll_connection SET next_poll_at = now() WHERE connection_id = ?", connection);
        assertThat(workers.drain(connection)).isEmpty(); // same token: not asked again

        sql("UPDATE sync.connection SET api_token_enc = ? WHERE id = ?", secrets.encrypt("tok-new"), connection);
        assertThat(workers.drain(connection)).containsExactly(PollRunner.Outcome.COMPLETED);
        assertThat(state(connection)).containsEntry("token_status", "valid");
    }

    @Test
    void shouldWaitTheDecimalRetryAfterOf429AndComplete() {
        FakeShopify shopify = fake(new FakeShopify()).shop("shp-429");
        shopify.put(new FakeShopify.Product(1001L, "Tee", 2, "deny", false,
                Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        shopify.script(429, "0.5");
        String tenant = newTenant();
        String connection = connection(tenant, "shopify", "x.myshopify.com", "shp-429", shopify.baseUrl(), "{}");

        long start = System.nanoTime();
        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(shopify.requests().get(0).status()).isEqualTo(429);
        assertThat(shopify.requests().get(1).status()).isEqualTo(200);
        assertThat(availability(changes(tenant))).containsEntry("1001", true);
    }

    @Test
    void shouldPollEveryPosConnectionOfTheTenantOnAManualSyncAndReportEachConnectionsStatus() {
        FakeToast toast = fake(new FakeToast()).restaurant("r-m", "tok-m");
        toast.publish("r-m", Map.of("wrap", "Wrap", "soda", "Soda"), Instant.parse("2026-11-20T10:00:00Z"))
                .stock("r-m", "soda", "OUT_OF_STOCK", null);
        FakeSquare square = fake(new FakeSquare()).seller("sq-m");
        square.put("sq-m", new FakeSquare.Item("S1", "Bagel", 300, false, true, false,
                Instant.now().minus(1, ChronoUnit.DAYS)));
        String tenant = newTenant();
        String toastConnection = connection(tenant, "toast", "r-m", "tok-m", toast.baseUrl(),
                "{\"polling_enabled\": false}");
        String squareConnection = connection(tenant, "square", "M2", "sq-m", square.baseUrl(),
                "{\"polling_enabled\": false}");
        String tokenless = connection(tenant, "shopify", "y.myshopify.com", null, "http://127.0.0.1:9", "{}");
        String requestId = UUID.randomUUID().toString();

        TopicProbe.send(Topics.POLL_REQUESTS, tenant, PollRequest.newBuilder().setRequestId(requestId)
                .setTenant(tenant).setKind(PollKind.CATALOG).setTrigger(PollTrigger.MANUAL)
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setCorrelationId("corr-manual-pos")
                .build());

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> query(
                "SELECT 1 FROM poller.manual_sync WHERE request_id = ? AND status IN ('queued', 'running')",
                requestId).isEmpty() && query("SELECT 1 FROM poller.manual_sync WHERE request_id = ?", requestId)
                .size() == 3);
        Map<Object, Map<String, Object>> byConnection = new java.util.HashMap<>();
        query("SELECT * FROM poller.manual_sync WHERE request_id = ?", requestId)
                .forEach(row -> byConnection.put(row.get("connection_id"), row));
        assertThat(byConnection.get(toastConnection)).containsEntry("status", "done").containsEntry("provider", "toast")
                .containsEntry("items_seen", 2);
        assertThat((Integer) byConnection.get(toastConnection).get("changes_published")).isGreaterThanOrEqualTo(4);
        assertThat(byConnection.get(squareConnection)).containsEntry("status", "done").containsEntry("items_seen", 1);
        assertThat(byConnection.get(tokenless)).containsEntry("status", "failed")
                .containsEntry("reason", "the connection has no API token");
        assertThat(availability(changes(tenant))).containsEntry("soda", false).containsEntry("S1", false);
        assertThat(changes(tenant)).allSatisfy(c -> assertThat(c.getCorrelationId()).isEqualTo("corr-manual-pos"));
    }
}
