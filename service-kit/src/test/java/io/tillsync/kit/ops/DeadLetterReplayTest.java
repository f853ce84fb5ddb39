package io.tillsync.kit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.PollRequest;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@StackTest
class DeadLetterReplayTest {

    @Test
    void shouldMoveDeadLettersBackOntoTheTopicOnceWithoutTheExceptionHeaders() throws Exception {
        TestStack stack = TestStack.start();
        String tenant = "t-" + UUID.randomUUID();
        var topic = Topics.POLL_REQUESTS;
        // what spring-kafka's DeadLetterPublishingRecoverer writes: the record under the DLT, exception headers added
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), topic.valueSerde(stack.registryUrl()).serializer())) {
            for (int i = 0; i < 3; i++) {
                var record = new ProducerRecord<>(topic.dlt(), tenant, request(tenant, "r" + i));
                record.headers().add("x-correlation-id", ("corr-" + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add("kafka_dlt-exception-message", "boom".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        var replay = new DeadLetterReplay(Map.of("bootstrap.servers", stack.bootstrapServers()));

        DeadLetterReplay.Result first = replay.replay(topic, 2);
        DeadLetterReplay.Result second = replay.replay(topic, 100);
        DeadLetterReplay.Result third = replay.replay(topic, 100);

        assertThat(first.replayed()).isEqualTo(2);
        assertThat(first.more()).isTrue();
        assertThat(second.replayed()).as("only what the first run left").isEqualTo(1);
        assertThat(second.more()).isFalse();
        assertThat(third.replayed()).as("progress is committed: nothing twice").isZero();
        List<ConsumerRecord<String, PollRequest>> back = TopicProbe.await(topic, 3, Duration.ofSeconds(60),
                r -> tenant.equals(r.key()));
        assertThat(back).extracting(r -> r.value().getRequestId().toString()).containsExactlyInAnyOrder("r0", "r1", "r2");
        for (ConsumerRecord<String, PollRequest> r : back) {
            assertThat(r.headers().lastHeader("x-correlation-id")).isNotNull();
            assertThat(r.headers()).extracting(Header::key).noneMatch(k -> k.startsWith("kafka_dlt-"));
        }
    }

    private static PollRequest request(String tenant, String id) {
        return PollRequest.newBuilder().setRequestId(id).setTenant(tenant).setRequestedAt(Instant.now())
                .setCorrelationId("corr-" + id).build();
    }
}
