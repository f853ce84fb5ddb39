package io.tillsync.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.OutboundResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TracingOutboundHttpTest {

    static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<OutboundRequest> sent = new ArrayList<>();
    private final Traces traces = otelTraces();
    private final TracingOutboundHttp http = new TracingOutboundHttp(request -> {
        sent.add(request);
        return Mono.just(new OutboundResponse(200, Map.of(), new byte[0], false, 1, request.what()));
    }, traces);

    @Test
    void shouldSendTheCallAsAChildSpanOfTheTraceparentTheRequestNames() {
        http.send(OutboundRequest.get(URI.create("http://127.0.0.1/hook"), "Webhook").header("traceparent", PARENT))
                .block(Duration.ofSeconds(5));

        String traceparent = sent.get(0).headers().get("traceparent");
        assertThat(traceparent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
                .isNotEqualTo(PARENT);
    }

    @Test
    void shouldSendTheCallUnchangedWhenItBelongsToNoTrace() {
        http.send(OutboundRequest.get(URI.create("http://127.0.0.1/hook"), "Webhook")).block(Duration.ofSeconds(5));

        assertThat(sent.get(0).headers()).doesNotContainKey("traceparent");
    }

    @Test
    void shouldReadOnlyWellFormedTraceparents() {
        assertThat(traces.parse(PARENT).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(traces.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).isNull();
        assertThat(traces.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(traces.parse(null)).isNull();
    }

    static Traces otelTraces() {
        io.opentelemetry.api.trace.Tracer otel = SdkTracerProvider.builder().build().get("test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(otel, current, event -> { });
        return new Traces(tracer, new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    }
}
