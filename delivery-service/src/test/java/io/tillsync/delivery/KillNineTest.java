package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.GenericEventData;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while sending: delivery-service runs as its own JVM, receives a stream of events, is SIGKILLed while
 * deliveries are in flight, and is started again. Every event must reach the receiver at least once and be recorded
 * as delivered: fan-out is stored before offsets are committed, and a dead process's leases run out.
 */
@StackTest
class KillNineTest {

    private static final String OPERATOR_KEY = "kill9-operator-key";
    private static final int EVENTS = 1200;

    private final ObjectMapper json = new ObjectMapper();
    private final String tenant = "k9-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Integer> received = ConcurrentHashMap.newKeySet();
    private TestStack.Database database;
    private Receiver receiver;

    @BeforeEach
    void ownDatabaseAndReceiver() throws Exception {
        TestStack.Database shared = TestStack.start().database();
        database = new TestStack.Database(shared.host(), shared.port(), shared.user(), shared.password(),
                shared.name() + "_k9");
        try (Connection c = admin().connect()) {
            c.createStatement().execute("CREATE DATABASE " + database.name());
        }
        receiver = new Receiver();
        receiver.script("/k9", (n, r) -> {
            try {
                received.add(json.readTree(r.body()).at("/data/seq").asInt());
                Thread.sleep(20); // a receiver doing some work: a backlog builds and sends are in flight at the kill
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Receiver.Reply.ok();
        });
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        receiver.close();
        try (Connection c = admin().connect()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    @Test
    void shouldDeliverEveryMessageAfterTheServiceIsKilledWhileSending() throws Exception {
        Map<String, String> settings = Map.of(
                "tillsync.security.operator-key", OPERATOR_KEY,
                "tillsync.delivery.allow-loopback-targets", "true",
                "tillsync.delivery.consumer-group", "kill9-" + UUID.randomUUID(),
                "tillsync.delivery.retry.schedule", "200ms,400ms,800ms,1s,1s",
                "tillsync.delivery.http.total-timeout", "2s",
                "tillsync.delivery.worker.lease", "3s",
                "tillsync.delivery.worker.per-endpoint", "16");
        CompletableFuture<Void> publishing;
        int exitCode;
        int receivedAtKill;
        try (DeliveryProcess first = DeliveryProcess.start("kill9-first", database, settings)) {
            createEndpoint(first.baseUrl());
            publishing = CompletableFuture.runAsync(this::publishAll);
            await().atMost(Duration.ofSeconds(120)).until(() -> received.size() >= EVENTS / 4);

            exitCode = first.killHard();
            receivedAtKill = received.size();
        }
        assertThat(exitCode).as("killed by SIGKILL").isEqualTo(137);
        assertThat(receivedAtKill).as("killed while messages were still to be sent").isLessThan(EVENTS);
        publishing.get();

        try (DeliveryProcess second = DeliveryProcess.start("kill9-second", database, settings)) {
            await().atMost(Duration.ofSeconds(180)).until(() -> received.size() == EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(
                    "SELECT count(*) FROM delivery.delivery WHERE tenant = ? AND status = 'SUCCEEDED'") == EVENTS);
        }
        assertThat(count("SELECT count(*) FROM delivery.message WHERE tenant = ?")).isEqualTo(EVENTS);
        assertThat(count("SELECT count(*) FROM delivery.delivery WHERE tenant = ?")).isEqualTo(EVENTS);
        assertThat(count("SELECT count(DISTINCT delivery_id) FROM delivery.message_attempt WHERE tenant = ? "
                + "AND outcome = 'SUCCEEDED'")).isEqualTo(EVENTS);
        // at least once: a send in flight at the kill may have reached the receiver and be sent again
        int requests = receiver.requests("/k9").size();
        assertThat(requests).isGreaterThanOrEqualTo(EVENTS);
        System.out.printf("kill -9: %d of %d events received before the kill (exit %d); %d requests in all, "
                + "%d sent again after the restart%n", receivedAtKill, EVENTS, exitCode, requests, requests - EVENTS);
    }

    private void createEndpoint(String baseUrl) throws Exception {
        String body = json.writeValueAsString(Map.of("name", "kill9", "url", receiver.url("/k9")));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/api/tenants/" + tenant + "/endpoints"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Publishes the events faster than the receiver takes them (about 3 s in all), so the kill meets a backlog. */
    private void publishAll() {
        TestStack stack = TestStack.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, PlatformEvent> producer = new KafkaProducer<>(props,
                Topics.PLATFORM_EVENTS.keySerde().serializer(),
                Topics.PLATFORM_EVENTS.valueSerde(stack.registryUrl()).serializer())) {
            for (int i = 0; i < EVENTS; i++) {
                PlatformEvent event = PlatformEvent.newBuilder().setEventId("k9-" + i).setTenant(tenant)
                        .setType("sale.created").setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                        .setSubject("sale-" + i)
                        .setData(GenericEventData.newBuilder().setJson("{\"seq\":" + i + "}").build()).build();
                producer.send(new ProducerRecord<>(Topics.PLATFORM_EVENTS.name(), tenant + ":sale-" + i, event));
                if (i % 12 == 11) {
                    Thread.sleep(30);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connect(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private TestStack.Database admin() {
        return new TestStack.Database(database.host(), database.port(), database.user(), database.password(), "postgres");
    }
}
