package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Independent clients, not ours: kafkajs with {@code @kafkajs/confluent-schema-registry} decodes every topic through
 * the registry, and the Standard Webhooks reference library ({@code standardwebhooks} on npm) verifies what
 * delivery-service signed. Both run under Node.js from {@code e2e/interop} (installed with {@code npm ci}).
 */
@Order(2)
class InteropE2eTest {

    static final List<String> TOPICS = List.of("webhooks.inbound", "catalog.changes", "platform.events", "poll.requests", "ops.alerts");
    static E2eStack stack;
    static Receiver receiver;
    static Tenant tenant;
    static JsonNode healthy;

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        receiver = new Receiver();
        tenant = new Tenant(stack);
        tenant.connect("toast", "3325cc58", Map.of());
        healthy = tenant.endpoint(receiver.url("/ok/" + tenant.id));
        receiver.answer("/fail/" + tenant.id, 500);
        JsonNode failing = tenant.endpoint(receiver.url("/fail/" + tenant.id));
        for (int i = 0; i < 3; i++) {
            String body = """
                    {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"interop-%d-%s",
                     "details":{"itemGuid":"interop-%d","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                    .formatted(Instant.now().toString().replace("Z", "+0000"), i, tenant.id, i);
            assertThat(tenant.toast(body).status()).isEqualTo(202);
        }
        // a record on poll.requests: the merchant asks for a sync
        assertThat(Http.operator("POST", stack.url("sync-service") + "/api/clients/" + tenant.id + "/sync-availability", null)
                .status()).isEqualTo(202);
        // a record on ops.alerts: the failing subscriber reaches its third consecutive failure
        String endpointUrl = stack.url("delivery-service") + "/api/tenants/" + tenant.id + "/endpoints/" + failing.get("id").asText();
        await().atMost(Duration.ofMinutes(2)).until(() ->
                Http.operator("GET", endpointUrl, null).json().path("consecutiveFailures").asInt() >= 3);
        await().atMost(Duration.ofMinutes(2)).until(() -> receiver.requests("/ok/" + tenant.id).size() >= 3);
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
    }

    @Test
    void shouldDecodeEveryTopicWithAnIndependentConfluentClient() throws Exception {
        List<String> args = new ArrayList<>(List.of("decode-topics.mjs", stack.bootstrapServers(), stack.registryUrl()));
        args.addAll(TOPICS);
        JsonNode summary = Http.JSON.readTree(node(args, ""));
        for (String topic : TOPICS) {
            JsonNode s = summary.get(topic);
            assertThat(s.get("read").asInt()).as(topic + " has records").isPositive();
            assertThat(s.get("failed").asInt()).as(topic + ": " + s.get("errors")).isZero();
            assertThat(s.get("decoded").asInt()).isEqualTo(s.get("read").asInt());
        }
        assertThat(summary.get("platform.events").get("samples").toString()).contains("eventId");
    }

    @Test
    void shouldHaveEveryOutboundSignatureAcceptedByTheStandardWebhooksReferenceLibrary() throws Exception {
        StringBuilder lines = new StringBuilder();
        List<Receiver.Request> requests = receiver.requests("/ok/" + tenant.id);
        for (Receiver.Request r : requests) {
            lines.append(Http.JSON.writeValueAsString(Map.of("secret", healthy.get("secret").asText(), "body", r.body(),
                    "headers", Map.of("webhook-id", r.headers().get("webhook-id"),
                            "webhook-timestamp", r.headers().get("webhook-timestamp"),
                            "webhook-signature", r.headers().get("webhook-signature"))))).append('\n');
        }
        // a tampered body must fail with the same library
        Receiver.Request first = requests.get(0);
        lines.append(Http.JSON.writeValueAsString(Map.of("secret", healthy.get("secret").asText(), "body", first.body() + " ",
                "headers", Map.of("webhook-id", first.headers().get("webhook-id"),
                        "webhook-timestamp", first.headers().get("webhook-timestamp"),
                        "webhook-signature", first.headers().get("webhook-signature"))))).append('\n');

        JsonNode result = Http.JSON.readTree(node(List.of("verify-signatures.mjs"), lines.toString()));
        assertThat(result.get("verified").asInt()).as(result.toString()).isEqualTo(requests.size());
        assertThat(result.get("failed").asInt()).as("only the tampered one").isEqualTo(1);
    }

    private static String node(List<String> args, String stdin) throws IOException, InterruptedException {
        return NodeInterop.node(stack, args, stdin);
    }
}
