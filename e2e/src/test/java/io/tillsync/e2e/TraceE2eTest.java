package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * One webhook, one trace: the platform's {@code traceparent} is continued by intake (named in its answer), by the
 * record on every topic the webhook's effects cross (read with a plain consumer, headers only), and by delivery's POST
 * to the subscriber.
 */
@Order(2)
class TraceE2eTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> TOPICS = List.of("webhooks.inbound", "catalog.changes", "platform.events");
    static E2eStack stack;
    static Receiver receiver;
    static Tenant tenant;

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        receiver = new Receiver();
        tenant = new Tenant(stack);
        tenant.connect("shopify", "trace.myshopify.com", Map.of());
        tenant.endpoint(receiver.url("/hooks/" + tenant.id));
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
    }

    @Test
    void shouldCarryThePlatformsTraceFromIntakeThroughEveryTopicToTheSubscriber() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"id":%d,"title":"Traced Mug","status":"active","variants":[{"id":%d,"price":"9.50","sku":"MUG-1",
                 "inventory_quantity":3}],"updated_at":"2026-11-23T08:00:00-05:00"}"""
                .formatted(Math.abs(trace.hashCode()) + 1L, Math.abs(trace.hashCode()) + 2L);

        Http.Response accepted = tenant.shopify("products/update", "ev-trace-" + trace, body,
                Map.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("traceresponse")).as("intake names the trace it joined").startsWith("00-" + trace + "-");
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.requests("/hooks/" + tenant.id))
                .as("the subscriber's POST continues the trace")
                .anySatisfy(r -> assertThat(r.headers().get("traceparent")).startsWith("00-" + trace + "-")));
        assertThat(topicsCarrying(trace)).containsExactlyInAnyOrderElementsOf(TOPICS);
    }

    /** The topics holding a record whose last {@code traceparent} header names the trace. */
    private static Set<String> topicsCarrying(String trace) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "trace-e2e-" + trace);
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(TOPICS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found.size() < TOPICS.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header h = record.headers().lastHeader("traceparent");
                    if (h != null && new String(h.value(), StandardCharsets.UTF_8).startsWith("00-" + trace + "-")) {
                        found.add(record.topic());
                    }
                }
            }
        }
        return found;
    }
}
