package io.tillsync.sync.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/clients/{slug}/sync-availability}: 202 and a PollRequest, 400 without POS, 403 for others. */
class ManualSyncApiTest extends SyncStackTestBase {

    @Autowired
    WebTestClient http;
    @Autowired
    ConnectionService connections;

    private String key(String tenant) {
        return http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("key").asText();
    }

    private String connect(String tenant, String provider) {
        return connections.create(tenant, new ConnectionRequest(provider, "acct", null, null, null, null, null, null,
                null, null, null, null, null), Caller.operatorCaller()).block().id();
    }

    @Test
    void shouldAnswer202AndPublishAManualPollRequestForTheTenant() {
        String tenant = newTenant();
        String clover = connect(tenant, "clover");
        String key = key(tenant);

        JsonNode accepted = http.post().uri("/api/clients/{slug}/sync-availability?hoursBack=6", tenant)
                .headers(h -> h.setBearerAuth(key)).header("x-correlation-id", "manual-" + tenant).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(accepted.get("connections").toString()).contains(clover);

        ConsumerRecord<String, PollRequest> record = TopicProbe.await(Topics.POLL_REQUESTS, 1, Duration.ofSeconds(30),
                r -> tenant.equals(r.value().getTenant())).get(0);
        assertThat(record.key()).isEqualTo(tenant);
        PollRequest request = record.value();
        assertThat(request.getRequestId()).isEqualTo(accepted.get("requestId").asText());
        assertThat(request.getKind()).isEqualTo(PollKind.CATALOG);
        assertThat(request.getTrigger()).isEqualTo(PollTrigger.MANUAL);
        assertThat(request.getHoursBack()).isEqualTo(6);
        assertThat(request.getCorrelationId()).isEqualTo("manual-" + tenant);
        assertThat(new String(record.headers().lastHeader("x-correlation-id").value())).isEqualTo("manual-" + tenant);
    }

    @Test
    void shouldAnswer400WhenTheTenantHasNoPosConnection() {
        String tenant = newTenant();
        connect(tenant, "tripleseat");
        String key = key(tenant);

        http.post().uri("/api/clients/{slug}/sync-availability", tenant).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("no_pos_connection");
        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS, r -> tenant.equals(r.value().getTenant()))).isEmpty();
    }

    @Test
    void shouldForbidSyncingAnotherTenantAndRequireAKey() {
        String a = newTenant();
        String b = newTenant();
        connect(b, "square");
        String keyA = key(a);

        http.post().uri("/api/clients/{slug}/sync-availability", b).headers(h -> h.setBearerAuth(keyA)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden");
        http.post().uri("/api/clients/{slug}/sync-availability", b).exchange().expectStatus().isUnauthorized();
        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS, r -> b.equals(r.value().getTenant()))).isEmpty();
    }

    @Test
    void shouldListEachConnectionWithItsProviderThenReportTheStatusThePollerRecordedOnlyToItsTenant() {
        String tenant = newTenant();
        String other = newTenant();
        String toast = connect(tenant, "toast");
        String square = connect(tenant, "square");
        String key = key(tenant);
        String otherKey = key(other);

        JsonNode accepted = http.post().uri("/api/clients/{slug}/sync-availability", tenant)
                .headers(h -> h.setBearerAuth(key)).exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String requestId = accepted.get("requestId").asText();
        assertThat(accepted.get("connections")).hasSize(2).allSatisfy(c -> {
            assertThat(c.get("requestId").asText()).isEqualTo(requestId);
            assertThat(c.get("status").asText()).isEqualTo("queued");
        });
        assertThat(accepted.get("connections").toString()).contains(toast, square, "\"toast\"", "\"square\"");

        String url = "/api/clients/{slug}/sync-availability/{id}";
        http.get().uri(url, tenant, requestId).headers(h -> h.setBearerAuth(key)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("queued")
                .jsonPath("$.connections[0].status").isEqualTo("queued");

        PollerSchema.migrate();
        PollerSchema.sql("""
                INSERT INTO poller.manual_sync (request_id, connection_id, tenant, provider, status, items_seen,
                    changes_published) VALUES (?, ?, ?, 'toast', 'done', 12, 30)""", requestId, toast, tenant);
        PollerSchema.sql("""
                INSERT INTO poller.manual_sync (request_id, connection_id, tenant, provider, status, reason)
                VALUES (?, ?, ?, 'square', 'failed', 'Square catalog search answered 503')""", requestId, square, tenant);

        JsonNode status = http.get().uri(url, tenant, requestId).headers(h -> h.setBearerAuth(key)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(status.get("status").asText()).isEqualTo("failed");
        for (JsonNode c : status.get("connections")) {
            if (c.get("connectionId").asText().equals(toast)) {
                assertThat(c.get("status").asText()).isEqualTo("done");
                assertThat(c.get("itemsSeen").asInt()).isEqualTo(12);
                assertThat(c.get("changesPublished").asInt()).isEqualTo(30);
            } else {
                assertThat(c.get("status").asText()).isEqualTo("failed");
                assertThat(c.get("reason").asText()).isEqualTo("Square catalog search answered 503");
            }
        }

        http.get().uri(url, other, requestId).headers(h -> h.setBearerAuth(otherKey)).exchange()
                .expectStatus().isNotFound();
        http.get().uri(url, tenant, requestId).headers(h -> h.setBearerAuth(otherKey)).exchange()
                .expectStatus().isForbidden();
    }
}
