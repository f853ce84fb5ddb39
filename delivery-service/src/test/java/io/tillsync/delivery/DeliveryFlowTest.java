package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeliveryFlowTest extends DeliveryIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldDeliverASignedEventThatAnIndependentVerifierAccepts() throws Exception {
        Map<String, Object> endpoint = createEndpoint("/hook", List.of("inventory.*"));
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier((String) endpoint.get("secret"));

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/hook").size() == 1);
        Receiver.Request request = receiver.requests("/hook").get(0);
        assertThat(request.header("webhook-id")).startsWith("msg_");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body(), Instant.now().getEpochSecond())).isTrue();
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("inventory.updated");
        assertThat(Instant.parse(body.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(body.at("/data/itemId").asText()).isEqualTo("item-1");
        assertThat(body.at("/data/quantity").asText()).isEqualTo("12.5");
    }

    @Test
    void shouldEmbedGenericEventJsonAsAnObject() throws Exception {
        createEndpoint("/sales", List.of("sale.created"));

        publish(genericEvent(tenant, "ev-" + UUID.randomUUID(), "sale.created", "{\"saleId\":\"s-9\",\"total\":\"19.90\"}"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/sales").size() == 1);
        JsonNode body = json.readTree(receiver.requests("/sales").get(0).body());
        assertThat(body.at("/data/saleId").asText()).isEqualTo("s-9");
        assertThat(body.at("/data/total").asText()).isEqualTo("19.90");
    }

    @Test
    void shouldCreateNothingNewWhenTheSameEventIsRedelivered() {
        createEndpoint("/hook", List.of());
        String eventId = "ev-" + UUID.randomUUID();
        publish(inventoryEvent(tenant, eventId, "item-1"));
        publish(inventoryEvent(tenant, eventId, "item-1"));
        // same key, same partition: once the marker is delivered the duplicate has been consumed
        publish(inventoryEvent(tenant, "marker-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/hook").size() >= 2);
        assertThat(query("SELECT count(*) AS n FROM delivery.message WHERE tenant = ? AND event_id = ?", tenant, eventId)
                .get(0).get("n")).isEqualTo(1L);
        assertThat(query("SELECT count(*) AS n FROM delivery.delivery WHERE tenant = ?", tenant).get(0).get("n"))
                .isEqualTo(2L);
        assertThat(receiver.requests("/hook")).hasSize(2);
    }

    @Test
    void shouldDeadLetterAnUnreadableEventAtOnceAndStoreTheEventsAroundIt() {
        TestStack stack = TestStack.start();
        String before = "ev-" + UUID.randomUUID();
        String after = "ev-" + UUID.randomUUID();
        String key = tenant + ":item-1"; // one key, one partition: garbage between two readable events
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (Serializer<PlatformEvent> avro = Topics.PLATFORM_EVENTS.valueSerde(stack.registryUrl()).serializer();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                        new ByteArraySerializer())) {
            String topic = Topics.PLATFORM_EVENTS.name();
            producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, inventoryEvent(tenant, before, "item-1"))));
            producer.send(new ProducerRecord<>(topic, key, garbage));
            producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, inventoryEvent(tenant, after, "item-1"))));
            producer.flush();
        }

        await().atMost(seconds(30)).until(() -> (Long) query(
                "SELECT count(*) AS n FROM delivery.message WHERE tenant = ?", tenant).get(0).get("n") == 2L);
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PLATFORM_EVENTS.dlt()));
            await().atMost(seconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        dead.add(r);
                    }
                });
                return !dead.isEmpty();
            });
        }
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(garbage);
            assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-fqcn").value(), StandardCharsets.UTF_8))
                    .endsWith("DeserializationException");
        });
    }

    @Test
    void shouldDeliverOnlyToEndpointsWhoseFilterMatches() {
        createEndpoint("/inventory", List.of("inventory.*"));
        createEndpoint("/sales", List.of("sale.created"));
        createEndpoint("/all", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));
        publish(genericEvent(tenant, "ev-" + UUID.randomUUID(), "sale.created", "{}"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/all").size() == 2
                && receiver.requests("/inventory").size() == 1 && receiver.requests("/sales").size() == 1);
        assertThat(json(receiver.requests("/inventory").get(0)).get("type").asText()).isEqualTo("inventory.updated");
        assertThat(json(receiver.requests("/sales").get(0)).get("type").asText()).isEqualTo("sale.created");
    }

    @Test
    void shouldRetryOnTheConfiguredScheduleUntilTheEndpointAnswers2xx() {
        receiver.script("/flaky", (n, r) -> n <= 2 ? Receiver.Reply.status(503) : Receiver.Reply.ok());
        Map<String, Object> endpoint = createEndpoint("/flaky", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> query(
                "SELECT status FROM delivery.delivery WHERE tenant = ? AND status = 'SUCCEEDED'", tenant).size() == 1);
        List<Receiver.Request> requests = receiver.requests("/flaky");
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
        // schedule 100ms, 200ms with ±20% jitter
        assertThat(gapMillis(requests, 0, 1)).isGreaterThanOrEqualTo(80);
        assertThat(gapMillis(requests, 1, 2)).isGreaterThanOrEqualTo(160);
        List<Map<String, Object>> attempts = query("SELECT attempt_no, outcome, response_status, trigger FROM "
                + "delivery.message_attempt WHERE tenant = ? ORDER BY attempt_no", tenant);
        assertThat(attempts).extracting(a -> a.get("outcome")).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(attempts).extracting(a -> a.get("response_status")).containsExactly(503, 503, 200);
        assertThat(attempts).extracting(a -> a.get("trigger")).containsOnly("scheduled");
        assertThat(endpoint.get("id")).isNotNull();
    }

    @Test
    void shouldHonourRetryAfterUpToItsBound() {
        receiver.script("/throttled", (n, r) -> n == 1
                ? new Receiver.Reply(429, Map.of("Retry-After", "30"), "slow down") : Receiver.Reply.ok());
        createEndpoint("/throttled", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/throttled").size() == 2);
        // Retry-After 30 s is capped by max-retry-after (1 s in tests), still far above the 100 ms schedule
        assertThat(gapMillis(receiver.requests("/throttled"), 0, 1)).isBetween(950L, 10_000L);
    }

    @Test
    void shouldMarkTheDeliveryFailedAndAlertWhenRetriesAreExhausted() {
        receiver.script("/down", (n, r) -> Receiver.Reply.status(500));
        Map<String, Object> endpoint = createEndpoint("/down", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> query(
                "SELECT 1 FROM delivery.delivery WHERE tenant = ? AND status = 'FAILED'", tenant).size() == 1);
        assertThat(receiver.requests("/down")).hasSize(4);
        List<OpsAlert> alerts = TopicProbe.await(Topics.OPS_ALERTS, 1, seconds(30),
                        r -> tenant.equals(r.value().getTenant()) && "DELIVERY_EXHAUSTED".equals(r.value().getKind()))
                .stream().map(r -> r.value()).toList();
        assertThat(alerts.get(0).getSubject()).isEqualTo(endpoint.get("id"));
        assertThat(alerts.get(0).getAttributes()).containsEntry("attempts", "4");
    }

    @Test
    void shouldStoreTheAttemptWithHeadersAndABodyTruncatedTo10KiB() {
        String big = "x".repeat(20_000);
        receiver.script("/big", (n, r) -> new Receiver.Reply(200, Map.of("X-Receiver", "yes"), big));
        createEndpoint("/big", List.of());

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> query(
                "SELECT 1 FROM delivery.message_attempt WHERE tenant = ?", tenant).size() == 1);
        Map<String, Object> attempt = query("SELECT response_status, length(response_body) AS body_length, "
                + "response_headers->>'x-receiver' AS receiver_header, duration_ms, trigger FROM delivery.message_attempt "
                + "WHERE tenant = ?", tenant).get(0);
        assertThat(attempt.get("response_status")).isEqualTo(200);
        assertThat(attempt.get("body_length")).isEqualTo(10_240);
        assertThat(attempt.get("receiver_header")).isEqualTo("[\"yes\"]");
        assertThat((Integer) attempt.get("duration_ms")).isGreaterThanOrEqualTo(0);
        assertThat(attempt.get("trigger")).isEqualTo("scheduled");
    }

    @Test
    void shouldSignWithTheNewAndTheRotatedOutSecretAfterRotation() {
        Map<String, Object> endpoint = createEndpoint("/rotating", List.of());
        String oldSecret = (String) endpoint.get("secret");
        @SuppressWarnings("unchecked")
        Map<String, Object> rotated = asOperator(web.post().uri("/api/tenants/{t}/endpoints/{id}/secret/rotate",
                tenant, endpoint.get("id"))).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        String newSecret = (String) rotated.get("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.get("previousSecret")).isEqualTo(oldSecret);

        publish(inventoryEvent(tenant, "ev-" + UUID.randomUUID(), "item-1"));

        await().atMost(seconds(30)).until(() -> receiver.requests("/rotating").size() == 1);
        Receiver.Request r = receiver.requests("/rotating").get(0);
        long now = Instant.now().getEpochSecond();
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(new StandardWebhooksVerifier(newSecret).verify(r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body(), now)).isTrue();
        assertThat(new StandardWebhooksVerifier(oldSecret).verify(r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body(), now)).isTrue();
    }

    @Test
    void shouldKeepDeliveringToAHealthyEndpointWhileAnotherHangs() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        receiver.script("/slow", (n, r) -> {
            try {
                // the subscriber hangs until the test is done (the sender's total timeout is 60 s in tests)
                release.await(120, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Receiver.Reply.ok();
        });
        createEndpoint("/slow", List.of("sale.created"));
        createEndpoint("/fast", List.of("inventory.updated"));
        List<io.tillsync.avro.PlatformEvent> slow = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slow.add(genericEvent(tenant, "slow-" + i + "-" + UUID.randomUUID(), "sale.created", "{}"));
        }
        publishAll(slow);
        await().atMost(seconds(30)).until(() -> receiver.requests("/slow").size() >= 4);
        List<io.tillsync.avro.PlatformEvent> fast = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fast.add(inventoryEvent(tenant, "fast-" + i + "-" + UUID.randomUUID(), "item-" + i));
        }

        try {
            publishAll(fast);
            await().atMost(seconds(45)).until(() -> receiver.requests("/fast").size() == 20);
            // every fast delivery went through while the hanging endpoint had not answered a single request, and the
            // hanging endpoint never held more than its per-endpoint bound (4 in tests) of the sender's slots
            assertThat(receiver.answered("/slow")).isZero();
            assertThat(receiver.maxConcurrent("/slow")).isEqualTo(4);
            assertThat(receiver.requests("/slow")).hasSize(4);
        } finally {
            release.countDown();
        }
    }

    private JsonNode json(Receiver.Request request) {
        try {
            return json.readTree(request.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long gapMillis(List<Receiver.Request> requests, int a, int b) {
        return Duration.ofNanos(requests.get(b).receivedAtNanos() - requests.get(a).receivedAtNanos()).toMillis();
    }
}
