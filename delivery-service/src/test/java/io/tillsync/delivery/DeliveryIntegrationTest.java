package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.GenericEventData;
import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.kit.security.ApiKeyStore;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the integration tests: one shared application context on the real broker, registry and Postgres, with a
 * millisecond retry schedule and loopback targets allowed, a fresh tenant and a local {@link Receiver} per test.
 */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillsync.security.operator-key=" + DeliveryIntegrationTest.OPERATOR_KEY,
        "tillsync.delivery.allow-loopback-targets=true",
        "tillsync.delivery.retry.schedule=100ms,200ms,300ms",
        "tillsync.delivery.retry.throttle-floor=50ms",
        "tillsync.delivery.retry.max-retry-after=1s",
        "tillsync.delivery.worker.poll-interval=50ms",
        "tillsync.delivery.worker.lease=90s",
        "tillsync.delivery.worker.per-endpoint=4",
        "tillsync.delivery.worker.failing-backoff=1s",
        "tillsync.delivery.http.total-timeout=60s",
        "spring.kafka.consumer.properties.max.poll.interval.ms=60000"
})
@AutoConfigureWebTestClient(timeout = "30s")
abstract class DeliveryIntegrationTest {

    static final String OPERATOR_KEY = "test-operator-key";
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient web;
    @Autowired
    ApiKeyStore keys;

    String tenant;
    Receiver receiver;

    @BeforeEach
    void freshTenantAndReceiver() throws Exception {
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        receiver = new Receiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    WebTestClient.RequestHeadersSpec<?> asOperator(WebTestClient.RequestHeadersSpec<?> spec) {
        return spec.header("Authorization", "Bearer " + OPERATOR_KEY);
    }

    /** A fresh tenant API key ({@code tsk_...}) issued through service-kit's store, as sync-service issues them. */
    String tenantKey(String tenantId) {
        return keys.issue(tenantId, "delivery-test").block(seconds(10)).key();
    }

    static WebTestClient.RequestHeadersSpec<?> withKey(WebTestClient.RequestHeadersSpec<?> spec, String key) {
        return spec.header("Authorization", "Bearer " + key);
    }

    /** Creates an endpoint through the API and returns its JSON view (including the secret). */
    @SuppressWarnings("unchecked")
    Map<String, Object> createEndpoint(String path, List<String> eventTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "hook " + path);
        body.put("url", receiver.url(path));
        body.put("eventTypes", eventTypes);
        return web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Asserts a JSON error {@code {"error": code, "message": ...}} with this status; returns an assert on the message. */
    static AbstractStringAssert<?> assertError(WebTestClient.RequestHeadersSpec<?> spec, int status, String code) {
        Map<String, Object> body = spec.exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON)
                .expectBody(MAP).returnResult().getResponseBody();
        assertThat(body).containsEntry("error", code).containsOnlyKeys("error", "message");
        return assertThat((String) body.get("message")).isNotBlank();
    }

    static PlatformEvent inventoryEvent(String tenant, String eventId, String itemId) {
        return PlatformEvent.newBuilder()
                .setEventId(eventId)
                .setTenant(tenant)
                .setType("inventory.updated")
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSubject(itemId)
                .setData(InventoryUpdated.newBuilder().setItemId(itemId)
                        .setQuantity(new BigDecimal("12.5").setScale(4)).build())
                .build();
    }

    static PlatformEvent genericEvent(String tenant, String eventId, String type, String json) {
        return PlatformEvent.newBuilder()
                .setEventId(eventId)
                .setTenant(tenant)
                .setType(type)
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSubject(eventId)
                .setData(GenericEventData.newBuilder().setJson(json).build())
                .build();
    }

    void publish(PlatformEvent event) {
        TopicProbe.send(Topics.PLATFORM_EVENTS, event.getTenant() + ":" + event.getSubject(), event);
    }

    /** Publishes several events through one producer (much quicker than one {@link #publish} each). */
    static void publishAll(List<PlatformEvent> events) {
        TestStack stack = TestStack.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, PlatformEvent> producer = new KafkaProducer<>(props,
                Topics.PLATFORM_EVENTS.keySerde().serializer(),
                Topics.PLATFORM_EVENTS.valueSerde(stack.registryUrl()).serializer())) {
            for (PlatformEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.PLATFORM_EVENTS.name(),
                        event.getTenant() + ":" + event.getSubject(), event));
            }
            producer.flush();
        }
    }

    /** Rows of a query against the test database (schema delivery), as column maps. */
    static List<Map<String, Object>> query(String sql, Object... args) {
        return TestStack.start().database().rows(sql, args);
    }

    /** Runs an update against the test database; returns the rows changed. */
    static int update(String sql, Object... args) {
        try (Connection c = TestStack.start().database().connect();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
