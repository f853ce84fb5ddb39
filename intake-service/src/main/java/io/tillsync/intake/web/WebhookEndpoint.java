package io.tillsync.intake.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.tillsync.intake.ConnectionRef;
import io.tillsync.intake.WebhookIntake;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.tracing.Traces;
import io.tillsync.kit.web.ApiErrorHandler;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.context.Context;

/**
 * One webhook request on Reactor Netty's own request and response: the raw body is handed to {@link WebhookIntake} as
 * Spring data buffers (never decoded), and the answer is written as JSON bytes. Refusals are answered as every
 * Tillsync error is ({@link ApiErrorHandler#answer}: the JSON body, the exception's extra headers, 500 {@code
 * internal_error} logged and never shown for anything unexpected). The caller's {@code X-Correlation-Id} is taken (or
 * one made), echoed, put on the record and in the logging context, as service-kit's filter does for the routes behind
 * WebFlux. The request is a server span: a child of the platform's {@code traceparent} when it sent one, else the
 * root of a new trace; its record carries the trace on, and the answer names it in {@code traceresponse}. Started and
 * ended by hand (no observation, no extra operator): the span is current while the request is set up, and the record's
 * send continues it explicitly.
 */
final class WebhookEndpoint {

    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);
    private static final byte[] VERIFICATION_RECEIVED =
            "{\"status\":\"verification_code_received\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookIntake intake;
    private final ObjectMapper json;
    private final Traces traces;
    private final RequestEventLoops loops = new RequestEventLoops();

    WebhookEndpoint(WebhookIntake intake, ObjectMapper json, Traces traces) {
        this.intake = intake;
        this.json = json;
        this.traces = traces;
    }

    /**
     * The broker's acknowledgement arrives on the Kafka producer's one network thread; the answer is built and written
     * on the request's own event loop instead, so that thread goes back to sending the next batches at once.
     */
    Mono<Void> receive(HttpServerRequest request, HttpServerResponse response, String spanName, ConnectionRef ref) {
        String correlationId = CorrelationIdWebFilter.accept(request.requestHeaders().get(Correlation.HEADER));
        response.header(Correlation.HEADER, correlationId);
        Span span = traces.serverSpan(spanName, request.requestHeaders()::get);
        String traceparent = Traces.traceparent(span.context());
        if (traceparent != null) {
            response.header(Traces.TRACERESPONSE, traceparent);
        }
        HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders()));
        Flux<DataBuffer> body = request.receive().retain().map(BUFFERS::wrap);
        Mono<WebhookIntake.Result> result;
        try (CurrentTraceContext.Scope scope = traces.scope(span.context())) {
            result = intake.receive(ref, headers, body, correlationId, span.context());
        } catch (RuntimeException e) {
            result = Mono.error(e);
        }
        return result
                .publishOn(loops.of((Connection) request))
                .flatMap(answer -> {
                    span.end();
                    return answer instanceof WebhookIntake.Result.Accepted accepted
                            ? send(response, HttpResponseStatus.valueOf(accepted.status()),
                                    AcceptedResponse.accepted(accepted.id()).json().getBytes(StandardCharsets.UTF_8))
                            : send(response, HttpResponseStatus.OK, VERIFICATION_RECEIVED);
                })
                .onErrorResume(e -> refuse(request, response, span, e))
                .contextWrite(Context.of(Correlation.MDC_KEY, correlationId));
    }

    private Mono<Void> refuse(HttpServerRequest request, HttpServerResponse response, Span span, Throwable error) {
        if (response.hasSentHeaders()) {
            return Mono.error(error);
        }
        ApiErrorHandler.Answer answer = ApiErrorHandler.answer(error, request.method() + " " + request.fullPath());
        span.tag("http.response.status_code", String.valueOf(answer.status().value()));
        if (answer.status().is5xxServerError()) {
            span.error(error);
        }
        span.end();
        answer.headers().forEach((name, values) -> response.responseHeaders().add(name, values));
        try {
            return send(response, HttpResponseStatus.valueOf(answer.status().value()),
                    json.writeValueAsBytes(answer.body()));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
    }

    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** A path variable of the matched route, percent-decoded as Spring decodes path variables. */
    static String param(HttpServerRequest request, String name) {
        String raw = request.param(name);
        return raw == null ? "" : UriUtils.decode(raw, StandardCharsets.UTF_8);
    }
}
