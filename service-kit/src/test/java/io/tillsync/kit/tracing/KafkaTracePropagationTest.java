package io.tillsync.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.tillsync.avro.PollRequest;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.kafka.KafkaKitConfiguration;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import io.tillsync.schemas.serde.ConfluentAvroSerializer;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Trace context on the records the kit's publishers send, with Boot's tracing wired as in a service. */
@StackTest
class KafkaTracePropagationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, KafkaAutoConfiguration.class,
                    TracingKitConfiguration.class, KafkaKitConfiguration.class))
            .withPropertyValues("spring.kafka.admin.auto-create=false",
                    "spring.kafka.bootstrap-servers=" + TestStack.start().bootstrapServers(),
                    "spring.kafka.producer.value-serializer=" + ConfluentAvroSerializer.class.getName(),
                    "spring.kafka.properties.schema.registry.url=" + TestStack.start().registryUrl(),
                    "management.tracing.sampling.probability=1.0");

    @Test
    void shouldSendTheRecordInTheSpanTheCallerNames() {
        runner.run(context -> {
            Traces traces = context.getBean(Traces.class);
            TopicPublisher<PollRequest> publisher = context.getBean(TopicPublishers.class).forTopic(Topics.POLL_REQUESTS);
            Span request = traces.serverSpan("POST /test", name -> null);
            String id = UUID.randomUUID().toString();

            publisher.sendForResult(id, request(id), "corr-" + id, request.context()).block(Duration.ofSeconds(30));
            request.end();

            String traceparent = traceparentOf(id);
            assertThat(traceparent).as("the record's consumer becomes a child of the caller's span")
                    .isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-01");
        });
    }

    @Test
    void shouldContinueTheTraceOfTheRecordBeingHandledWithTheValuesCorrelationIdAndNoLongerAfterIt() {
        runner.run(context -> {
            Traces traces = context.getBean(Traces.class);
            TopicPublisher<PollRequest> publisher = context.getBean(TopicPublishers.class).forTopic(Topics.POLL_REQUESTS);
            String upstreamTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
            String run = UUID.randomUUID().toString();
            RecordHeaders consumed = new RecordHeaders();
            Correlation.put(consumed, "corr-" + run);
            consumed.add(Traces.TRACEPARENT, ("00-" + upstreamTrace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

            traces.handling(consumed);
            publisher.sendAll(List.of(request(run)), r -> run, r -> "corr-" + run).block(Duration.ofSeconds(30));
            traces.handled(consumed);
            publisher.sendAll(List.of(request(run + "-after")), r -> run + "-after", r -> "corr-" + run)
                    .block(Duration.ofSeconds(30));

            assertThat(traceparentOf(run)).startsWith("00-" + upstreamTrace + "-");
            assertThat(traceparentOf(run + "-after")).as("a new trace once the record is handled")
                    .isNotNull().doesNotContain(upstreamTrace);
        });
    }

    private static String traceparentOf(String key) {
        List<ConsumerRecord<String, PollRequest>> records = TopicProbe.readAll(Topics.POLL_REQUESTS, r -> r.key().equals(key));
        assertThat(records).hasSize(1);
        return Traces.traceparent(records.get(0).headers());
    }

    private static PollRequest request(String id) {
        return PollRequest.newBuilder().setRequestId(id).setTenant("t-" + id).setRequestedAt(Instant.now())
                .setCorrelationId("corr-" + id).build();
    }
}
