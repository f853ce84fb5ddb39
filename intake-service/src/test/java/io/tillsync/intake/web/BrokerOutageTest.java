package io.tillsync.intake.web;

import static io.tillsync.intake.Fixtures.hmacBase64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.intake.Fixtures;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.KafkaBrokerProcess;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Intake on a broker of its own that is killed mid-stream and restarted on the same data: every webhook answered 202
 * must be in the topic afterwards, and while the broker is gone intake answers 503 with Retry-After, never 202.
 */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillsync.intake.rate-limit-per-minute=100000",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.request.timeout.ms=1500",
        "spring.kafka.producer.properties.delivery.timeout.ms=2000",
        "spring.kafka.producer.properties.reconnect.backoff.max.ms=500"})
class BrokerOutageTest {

    static final KafkaBrokerProcess BROKER = startBroker();

    static KafkaBrokerProcess startBroker() {
        TestStack.start(); // registry and Postgres stay shared; only the broker is this test's own
        return KafkaBrokerProcess.start();
    }

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    SecretBox box;

    @Test
    void shouldNeverAnswer202ForAWebhookThatIsNotInKafkaWhenTheBrokerDiesMidStream() {
        String tenant = Fixtures.tenant();
        String connection = Fixtures.connection(box, tenant, "shopify", "outage-secret");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> badRetryAfter = new ConcurrentLinkedQueue<>();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicInteger acceptedAfterRestart = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();

        Thread chaos = new Thread(() -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> acceptedIds.size() >= 50);
            BROKER.kill();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 503) >= 5);
            BROKER.restart();
            restarted.set(true);
            await().atMost(Duration.ofSeconds(90)).until(() -> acceptedAfterRestart.get() >= 50);
            stop.set(true);
        }, "broker-chaos");
        chaos.start();

        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> !stop.get() && System.nanoTime() < deadline)
                .flatMap(i -> {
                    String body = "{\"id\":" + i + ",\"title\":\"item " + i + "\",\"status\":\"active\"}";
                    boolean afterRestart = restarted.get();
                    return client.post().uri("/intake/" + tenant + "/shopify/" + connection)
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("X-Shopify-Topic", "products/update")
                            .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Hmac-Sha256", hmacBase64("outage-secret", body))
                            .bodyValue(body)
                            .exchangeToMono(response -> response.bodyToMono(AcceptedResponse.class).defaultIfEmpty(
                                    new AcceptedResponse("", "")).map(b -> {
                                int status = response.statusCode().value();
                                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                                if (status == 202) {
                                    acceptedIds.add(b.id());
                                    if (afterRestart) {
                                        acceptedAfterRestart.incrementAndGet();
                                    }
                                } else if (status == 503 && response.headers().asHttpHeaders().getFirst("Retry-After") == null) {
                                    badRetryAfter.add(String.valueOf(i));
                                }
                                return status;
                            }))
                            .onErrorResume(e -> Mono.just(-1));
                }, 8)
                .blockLast(Duration.ofSeconds(180));

        assertThat(stop.get()).as("the stream saw the broker die and come back (statuses %s)", statuses).isTrue();
        assertThat(statuses.keySet()).as("only 202 and 503 answers").containsOnly(202, 503);
        assertThat(badRetryAfter).as("every 503 carries Retry-After").isEmpty();

        Set<String> stored = idsInTopic(connection);
        LoggerFactory.getLogger(BrokerOutageTest.class).info("Answers {}; 202s {}; records of the connection {}",
                statuses, acceptedIds.size(), stored.size());
        Set<String> missing = new HashSet<>(acceptedIds);
        missing.removeAll(stored);
        assertThat(missing).as("202s without a record, out of %d accepted", acceptedIds.size()).isEmpty();
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    private static Set<String> idsInTopic(String connection) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, InboundWebhook> consumer = new KafkaConsumer<>(config,
                Topics.WEBHOOKS_INBOUND.keySerde().deserializer(),
                Topics.WEBHOOKS_INBOUND.valueSerde(TestStack.start().registryUrl()).deserializer())) {
            consumer.subscribe(List.of(Topics.WEBHOOKS_INBOUND.name()));
            int empty = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (empty < 4 && System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty() && !consumer.assignment().isEmpty()) {
                    empty++;
                }
                batch.forEach(r -> {
                    if (connection.equals(r.key())) {
                        ids.add(r.value().getId());
                    }
                });
            }
        }
        return ids;
    }
}
