package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber's outage on the real stack, from the tenant's side: its endpoint goes down and is disabled after 10
 * failed attempts in a row, events keep arriving (recorded as skipped), the subscriber is fixed, the tenant enables
 * the endpoint (the answer offers recovery since the outage began) and recovers: every event reaches the subscriber,
 * answered 200 once each. Meanwhile the tenant's operational endpoint is told (endpoint.failing, endpoint.disabled,
 * endpoint.enabled), signed as Standard Webhooks: the reference {@code standardwebhooks} library verifies them.
 */
class SubscriberOutageE2eTest {

    static final Duration WAIT = Duration.ofMinutes(3);
    static E2eStack stack;
    static Receiver receiver;

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        receiver = new Receiver();
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
    }

    @Test
    void shouldRecoverEveryEventOfAnOutageOnceAndTellTheOperationalEndpoint() throws Exception {
        Tenant tenant = new Tenant(stack);
        tenant.connect("toast", "3325cc58", Map.of());
        String delivery = stack.url("delivery-service") + "/api/tenants/" + tenant.id;
        String opsPath = "/ops/" + tenant.id;
        Http.Response ops = Http.operator("PUT", delivery + "/operational-endpoint", Map.of("url", receiver.url(opsPath)));
        assertThat(ops.status()).as(ops.body()).isEqualTo(200);
        String opsSecret = ops.json().get("secret").asText();
        String path = "/outage/" + tenant.id;
        receiver.answer(path, 503);
        String endpointId = tenant.endpoint(receiver.url(path)).get("id").asText();

        for (int i = 0; i < 4; i++) {
            stockEvent(tenant, "before-" + i);
        }
        await().atMost(WAIT).until(() -> "DISABLED".equals(endpoint(delivery, endpointId).get("status").asText()));

        for (int i = 0; i < 5; i++) {
            stockEvent(tenant, "during-" + i);
        }
        await().atMost(WAIT).until(() -> tenant.count("SELECT count(*) FROM delivery.delivery WHERE tenant = ? "
                + "AND status = 'SKIPPED'", tenant.id) == 5);

        receiver.answer(path, 200);
        long fixedAt = System.currentTimeMillis();
        Http.Response enabled = Http.operator("POST", delivery + "/endpoints/" + endpointId + "/enable", null);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        JsonNode offer = enabled.json().get("recover");
        assertThat(offer).as(enabled.body()).isNotNull();
        assertThat(offer.get("deliveries").asLong()).isEqualTo(9);
        Http.Response recovered = Http.operator("POST", stack.url("delivery-service") + offer.get("path").asText(),
                Map.of("since", offer.get("since").asText()));
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
        assertThat(recovered.json().get("deliveries").asLong()).isEqualTo(9);

        String messages = "SELECT count(*) FROM delivery.message WHERE tenant = ? AND event_type = 'item.availability_changed'";
        await().atMost(WAIT).until(() -> receiver.requests(path).stream().filter(r -> r.receivedAtMillis() >= fixedAt)
                .map(r -> r.headers().get("webhook-id")).distinct().count() == 9);
        Map<String, Long> afterFix = receiver.requests(path).stream().filter(r -> r.receivedAtMillis() >= fixedAt)
                .collect(Collectors.groupingBy(r -> r.headers().get("webhook-id"), Collectors.counting()));
        assertThat(tenant.count(messages, tenant.id)).isEqualTo(9);
        assertThat(afterFix).as("each event answered 200 once").hasSize(9).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(itemsOf(path, fixedAt)).containsExactlyInAnyOrder("before-0", "before-1", "before-2", "before-3",
                "during-0", "during-1", "during-2", "during-3", "during-4");

        await().atMost(WAIT).until(() -> opsTypes(opsPath).containsAll(Set.of("endpoint.failing", "endpoint.disabled",
                "endpoint.enabled")));
        StringBuilder lines = new StringBuilder();
        List<Receiver.Request> told = receiver.requests(opsPath);
        for (Receiver.Request r : told) {
            lines.append(signed(opsSecret, r.body(), r)).append('\n');
        }
        lines.append(signed(opsSecret, told.get(0).body() + " ", told.get(0))).append('\n'); // tampered: must fail
        JsonNode result = Http.JSON.readTree(NodeInterop.node(stack, List.of("verify-signatures.mjs"), lines.toString()));
        assertThat(result.get("verified").asInt()).as(result.toString()).isEqualTo(told.size());
        assertThat(result.get("failed").asInt()).as("only the tampered one").isEqualTo(1);
    }

    private static void stockEvent(Tenant tenant, String item) {
        String body = """
                {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"g-%s-%s",
                 "details":{"itemGuid":"%s","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                .formatted(Instant.now().toString().replace("Z", "+0000"), item, tenant.id, item);
        Http.Response r = tenant.toast(body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private static JsonNode endpoint(String delivery, String id) {
        return Http.operator("GET", delivery + "/endpoints/" + id, null).json();
    }

    private static Set<String> itemsOf(String path, long after) {
        return receiver.requests(path).stream().filter(r -> r.receivedAtMillis() >= after)
                .flatMap(r -> FaultE2eTest.itemsOf(r).stream()).collect(Collectors.toSet());
    }

    private static Set<String> opsTypes(String opsPath) {
        return receiver.requests(opsPath).stream().map(r -> read(r.body()).path("type").asText())
                .collect(Collectors.toSet());
    }

    private static String signed(String secret, String body, Receiver.Request r) throws Exception {
        Function<String, String> h = name -> r.headers().get(name);
        return Http.JSON.writeValueAsString(Map.of("secret", secret, "body", body, "headers", Map.of(
                "webhook-id", h.apply("webhook-id"), "webhook-timestamp", h.apply("webhook-timestamp"),
                "webhook-signature", h.apply("webhook-signature"))));
    }

    private static JsonNode read(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
