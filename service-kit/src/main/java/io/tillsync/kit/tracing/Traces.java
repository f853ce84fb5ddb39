package io.tillsync.kit.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tillsync.kit.Correlation;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A service's handle on W3C trace context where Micrometer's observations do not reach by themselves: starting the
 * span of a request served outside WebFlux, writing and reading {@code traceparent}, and the trace of each Kafka
 * record being handled, found by its correlation id. A batch listener turns many records into values that name
 * their record only by the correlation id they carry, so while a consumed record is handled its correlation id
 * stands for its trace: a publisher sending a value with that correlation id continues that trace. With tracing off
 * ({@code management.tracing.enabled=false}) every method is a cheap no-op.
 */
public final class Traces {

    /** W3C trace context header (HTTP and Kafka). */
    public static final String TRACEPARENT = "traceparent";
    /** Response header naming the trace a request joined (W3C Trace Context Level 2). */
    public static final String TRACERESPONSE = "traceresponse";

    private final Tracer tracer;
    private final Propagator propagator;
    private final ObservationRegistry observations;
    private final Map<String, TraceContext> handled = new ConcurrentHashMap<>();

    public Traces(Tracer tracer, Propagator propagator) {
        this(tracer, propagator, ObservationRegistry.NOOP);
    }

    public Traces(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.observations = observations;
    }

    /** Tracing off: nothing is started, found or written. */
    public static Traces noop() {
        return new Traces(Tracer.NOOP, Propagator.NOOP, ObservationRegistry.NOOP);
    }

    /**
     * Runs {@code work} as an observation (a span) continuing the trace {@code traceparent} names (a new trace when
     * null): what it does in its Reactor chain, WebClient calls included, are spans of that trace. For work taken up
     * later from a stored row that kept its record's {@code traceparent}.
     */
    public <T> Mono<T> continued(String name, String traceparent, Mono<T> work) {
        Observation observation = Observation.createNotStarted(name, observations);
        try (CurrentTraceContext.Scope scope = scope(parse(traceparent))) {
            observation.start();
        }
        return work.doOnEach(signal -> {
                    if (signal.isOnError()) {
                        observation.error(signal.getThrowable());
                        observation.stop();
                    } else if (signal.isOnComplete() || signal.isOnNext()) {
                        observation.stop();
                    }
                })
                .doOnCancel(observation::stop)
                .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, observation));
    }

    public Tracer tracer() {
        return tracer;
    }

    /**
     * Starts the span of a request received: a child of the caller's {@code traceparent} when it sent one, else
     * the root of a new trace.
     *
     * @param header the request's header of a name, or null
     */
    public Span serverSpan(String name, Function<String, String> header) {
        return propagator.extract(header, Function::apply).kind(Span.Kind.SERVER).name(name).start();
    }

    /** Starts a producer span: a child of the current span, or the root of a new trace when there is none. */
    public Span producerSpan(String name) {
        return tracer.spanBuilder().kind(Span.Kind.PRODUCER).name(name).start();
    }

    /**
     * Writes {@code context} as the record's {@code traceparent} header (replacing one it had); nothing for a no-op
     * context (tracing off).
     */
    public void inject(TraceContext context, Headers headers) {
        String traceparent = traceparent(context);
        if (traceparent != null) {
            headers.remove(TRACEPARENT);
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Starts a client span, a child of {@code parent} (or of the current span when parent is null). */
    public Span clientSpan(String name, TraceContext parent) {
        Span.Builder builder = tracer.spanBuilder().kind(Span.Kind.CLIENT).name(name);
        if (parent != null) {
            builder.setParent(parent);
        }
        return builder.start();
    }

    /** The span of the observation a Reactor chain runs in ({@link #continued}, WebFlux's request), or null. */
    public TraceContext of(ContextView view) {
        Observation observation = view.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        TracingObservationHandler.TracingContext tracing = observation == null ? null
                : observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        return tracing == null || tracing.getSpan() == null ? null : tracing.getSpan().context();
    }

    /** The span current on this thread, or null. */
    public TraceContext current() {
        Span span = tracer.currentSpan();
        return span == null ? null : span.context();
    }

    /** Makes {@code context} current on this thread until the scope closes (a no-op scope for null). */
    public CurrentTraceContext.Scope scope(TraceContext context) {
        return tracer.currentTraceContext().maybeScope(context);
    }

    /** The {@code traceparent} value naming a span (null for null or a no-op span). */
    public static String traceparent(TraceContext context) {
        if (context == null || context.traceId().isEmpty()) {
            return null;
        }
        return "00-" + context.traceId() + "-" + context.spanId() + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    /** The context a well-formed {@code traceparent} names, or null. */
    public TraceContext parse(String traceparent) {
        if (!isWellFormed(traceparent)) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(traceparent.substring(3, 35)).spanId(traceparent.substring(36, 52))
                .sampled((Character.digit(traceparent.charAt(54), 16) & 1) == 1).build();
    }

    /** The context a Kafka record's last {@code traceparent} header names, or null. */
    public TraceContext of(Headers headers) {
        return parse(traceparent(headers));
    }

    /** A Kafka record's last {@code traceparent} header if it is well-formed, else null. */
    public static String traceparent(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(TRACEPARENT);
        String value = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        return isWellFormed(value) ? value : null;
    }

    /** Version 00 of W3C Trace Context: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    static boolean isWellFormed(String traceparent) {
        return traceparent != null && traceparent.length() == 55 && traceparent.startsWith("00-")
                && traceparent.charAt(35) == '-' && traceparent.charAt(52) == '-'
                && isHex(traceparent.substring(3, 35)) && isHex(traceparent.substring(36, 52))
                && isHex(traceparent.substring(53));
    }

    /**
     * Marks the start of handling a consumed record: until {@link #handled(Headers)}, values published with its
     * correlation id continue its trace. Records without either header are ignored.
     */
    public void handling(Headers headers) {
        Header id = headers.lastHeader(Correlation.HEADER);
        TraceContext context = id == null ? null : of(headers);
        if (context != null) {
            handled.put(new String(id.value(), StandardCharsets.UTF_8), context);
        }
    }

    /** Marks the end of handling a consumed record (see {@link #handling}). */
    public void handled(Headers headers) {
        Header id = headers.lastHeader(Correlation.HEADER);
        TraceContext context = id == null ? null : of(headers);
        if (context != null) {
            handled.remove(new String(id.value(), StandardCharsets.UTF_8), context);
        }
    }

    /** The trace a value with this correlation id continues: the record being handled with it, else the current span. */
    public TraceContext forCorrelation(String correlationId) {
        TraceContext context = correlationId == null || handled.isEmpty() ? null : handled.get(correlationId);
        return context != null ? context : current();
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
