package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One endpoint with a backlog is sent to as fast as it answers: its in-flight bound grows past its start (4 in these
 * tests) while it answers promptly, and a tenant-set {@code rateLimitPerSecond} spaces its sends.
 */
class EndpointThroughputTest extends DeliveryIntegrationTest {

    @Test
    void shouldRaiseOneBusyEndpointsConcurrencyBeyondItsStartAndDeliverEveryEventOnce() {
        receiver.script("/busy", (n, r) -> {
            sleep(5);
            return Receiver.Reply.ok();
        });
        Map<String, Object> endpoint = createEndpoint("/busy", List.of());
        List<io.tillsync.avro.PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(inventoryEvent(tenant, "ev-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        publishAll(events);

        await().atMost(seconds(60)).until(() -> (Long) query("SELECT count(*) AS n FROM delivery.delivery "
                + "WHERE tenant = ? AND status = 'SUCCEEDED'", tenant).get(0).get("n") == 600L);
        assertThat(receiver.requests("/busy").stream().map(r -> r.headers().get("webhook-id")).distinct().count())
                .isEqualTo(600);
        assertThat(receiver.requests("/busy")).hasSize(600);
        // more in flight at once than the starting bound (4 in these tests)
        assertThat(receiver.maxConcurrent("/busy")).isGreaterThan(4);

        Map<String, Object> stats = asOperator(web.get().uri("/api/tenants/{t}/endpoints/{id}/stats", tenant,
                endpoint.get("id"))).exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat((Integer) stats.get("currentConcurrency")).isGreaterThan(4);
    }

    @Test
    void shouldSpaceTheSendsOfARateLimitedEndpoint() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "limited");
        body.put("url", receiver.url("/limited"));
        body.put("rateLimitPerSecond", 5);
        asOperator(web.post().uri("/api/tenants/{t}/endpoints", tenant).bodyValue(body)).exchange()
                .expectStatus().isCreated();
        List<io.tillsync.avro.PlatformEvent> events = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            events.add(inventoryEvent(tenant, "ev-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }
        publishAll(events);

        await().atMost(seconds(30)).until(() -> receiver.requests("/limited").size() == 15);
        List<Receiver.Request> got = receiver.requests("/limited");
        long spanMs = (got.get(14).receivedAtNanos() - got.get(0).receivedAtNanos()) / 1_000_000;
        // 5 per second: the 15th send is at least two refill periods after the first
        assertThat(spanMs).isGreaterThanOrEqualTo(1_900);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
