package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.avro.PollRequest;
import io.tillsync.schemas.Topics;
import io.tillsync.schemas.serde.ConfluentAvroSerializer;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.SendResult;
import reactor.core.publisher.Mono;

@StackTest
class TopicPublisherTest {

    private final List<DefaultKafkaProducerFactory<?, ?>> factories = new ArrayList<>();

    @AfterEach
    void closeProducers() {
        factories.forEach(DefaultKafkaProducerFactory::destroy);
    }

    @Test
    void shouldDeliverABatchInListOrderPerKeyWithTheCorrelationHeaderOnceTheMonoCompletes() {
        TestStack stack = TestStack.start();
        TopicPublisher<PollRequest> publisher = publishers(stack.bootstrapServers(), Map.of())
                .forTopic(Topics.POLL_REQUESTS);
        String run = UUID.randomUUID().toString();
        List<PollRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(request(run + "-" + (i % 3), run + "-r" + i));
        }

        Mono<Void> sent = publisher.sendAll(requests, r -> r.getTenant().toString(),
                r -> r.getCorrelationId().toString());
        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS, r -> r.key().startsWith(run)))
                .as("nothing is sent before the Mono is subscribed").isEmpty();
        sent.block(Duration.ofSeconds(30));

        // no waiting: completion means the broker has acknowledged every record
        List<ConsumerRecord<String, PollRequest>> arrived =
                TopicProbe.readAll(Topics.POLL_REQUESTS, r -> r.key().startsWith(run));
        assertThat(arrived).hasSize(requests.size());
        for (int k = 0; k < 3; k++) {
            String tenant = run + "-" + k;
            assertThat(arrived.stream().filter(r -> r.key().equals(tenant)).map(r -> r.value().getRequestId().toString()))
                    .as("order of key %s", tenant)
                    .containsExactlyElementsOf(requests.stream().filter(r -> r.getTenant().toString().equals(tenant))
                            .map(r -> r.getRequestId().toString()).toList());
        }
        for (ConsumerRecord<String, PollRequest> r : arrived) {
            assertThat(new String(r.headers().lastHeader("x-correlation-id").value(), StandardCharsets.UTF_8))
                    .isEqualTo("corr-" + r.value().getRequestId());
        }
    }

    @Test
    void shouldEmitTheAcknowledgementOfASingleSend() {
        TestStack stack = TestStack.start();
        TopicPublisher<PollRequest> publisher = publishers(stack.bootstrapServers(), Map.of())
                .forTopic(Topics.POLL_REQUESTS);
        String tenant = "t-" + UUID.randomUUID();

        SendResult<String, PollRequest> ack = publisher.sendForResult(tenant, request(tenant, "one"), "corr-one")
                .block(Duration.ofSeconds(30));
        publisher.send(tenant, request(tenant, "two"), null).block(Duration.ofSeconds(30));

        assertThat(ack.getRecordMetadata().hasOffset()).isTrue();
        List<ConsumerRecord<String, PollRequest>> arrived = TopicProbe.readAll(Topics.POLL_REQUESTS,
                r -> tenant.equals(r.key()));
        assertThat(arrived).extracting(r -> r.value().getRequestId().toString()).containsExactly("one", "two");
        assertThat(arrived.get(0).offset()).isEqualTo(ack.getRecordMetadata().offset());
        assertThat(arrived.get(1).headers().lastHeader("x-correlation-id")).as("no correlation id, no header").isNull();
    }

    @Test
    void shouldFailTheMonoWhenNoBrokerAnswers() {
        TestStack.start(); // the registry; the broker address below has nothing listening
        TopicPublisher<PollRequest> publisher = publishers("127.0.0.1:" + TestStack.freePort(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000)).forTopic(Topics.POLL_REQUESTS);

        assertThatThrownBy(() -> publisher.send("t", request("t", "lost"), "corr").block(Duration.ofSeconds(20)))
                .rootCause().hasMessageContaining("not present in metadata");
        assertThatThrownBy(() -> publisher.sendAll(List.of(request("t", "a"), request("t", "b")),
                r -> "t", r -> "corr").block(Duration.ofSeconds(20)))
                .rootCause().hasMessageContaining("not present in metadata");
    }

    private TopicPublishers publishers(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        config.put("schema.registry.url", TestStack.start().registryUrl());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(overrides);
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config);
        factories.add(factory);
        return new TopicPublishers(factory, null, false, null);
    }

    private static PollRequest request(String tenant, String id) {
        return PollRequest.newBuilder().setRequestId(id).setTenant(tenant).setRequestedAt(Instant.now())
                .setCorrelationId("corr-" + id).build();
    }
}
