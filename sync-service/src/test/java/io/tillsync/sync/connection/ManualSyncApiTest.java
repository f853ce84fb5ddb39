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
}
