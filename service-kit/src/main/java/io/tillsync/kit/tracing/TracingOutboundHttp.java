package io.tillsync.kit.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.OutboundResponse;
import reactor.core.publisher.Mono;

/**
 * An {@link OutboundHttp} that sends every call as a client span of the trace it belongs to: the trace its request's
 * {@code traceparent} header names (a caller that sends on behalf of a stored record puts the record's there), else
 * the span current on the calling thread, else the observation the subscribing Reactor chain runs in
 * ({@link Traces#continued}). The request goes out with the client span's {@code traceparent}; a call
 * that belongs to no trace goes out unchanged.
 */
public final class TracingOutboundHttp implements OutboundHttp, AutoCloseable {

    private final OutboundHttp delegate;
    private final Traces traces;

    public TracingOutboundHttp(OutboundHttp delegate, Traces traces) {
        this.delegate = delegate;
        this.traces = traces;
    }

    @Override
    public Mono<OutboundResponse> send(OutboundRequest request) {
        String given = request.headers().get(Traces.TRACEPARENT);
        TraceContext named = given != null ? traces.parse(given) : traces.current();
        return Mono.deferContextual(view -> {
            TraceContext parent = named != null ? named : traces.of(view);
            if (parent == null) {
                return delegate.send(request);
            }
            Span span = traces.clientSpan(request.what() + " " + request.method(), parent);
            return delegate.send(request.header(Traces.TRACEPARENT, Traces.traceparent(span.context())))
                    .doOnEach(signal -> {
                        if (signal.isOnNext()) {
                            span.tag("http.response.status_code", String.valueOf(signal.get().status()));
                            span.end();
                        } else if (signal.isOnError()) {
                            span.error(signal.getThrowable());
                            span.end();
                        }
                    })
                    .doOnCancel(span::end);
        });
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
