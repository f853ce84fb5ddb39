package io.tillsync.intake.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tillsync.intake.ConnectionRef;
import io.tillsync.intake.WebhookIntake;
import io.tillsync.kit.web.CorrelationIdWebFilter;
import java.nio.charset.StandardCharsets;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The platforms' webhook URLs, as functional routes (the hot path: no annotated-handler resolution per request). The
 * body is taken as raw bytes (never decoded by Spring) so the signature is checked on exactly what was sent. The
 * provider route is declared first, so {@code /intake/{tenant}/pos/{provider}} is never read as a connection URL.
 */
@Configuration(proxyBeanMethods = false)
@Tag(name = "intake", description = "Signed webhooks from POS and commerce platforms")
public class IntakeRoutes {

    static final String PROVIDER_ROUTE = "/intake/{tenant}/pos/{provider}";
    static final String CONNECTION_ROUTE = "/intake/{tenant}/{provider}/{connection}";
    private static final String ANSWERS = "202 {status:accepted,id} once Kafka acknowledged the record; errors 401 "
            + "invalid_signature/missing_signature, 404 unknown_connection/unknown_provider, 413 payload_too_large, 415 "
            + "unsupported_media_type, 400 malformed_body, 429 rate_limited, 503 kafka_unavailable";

    @Bean
    @RouterOperations({
            @RouterOperation(path = PROVIDER_ROUTE, method = RequestMethod.POST, operation = @Operation(
                    operationId = "receiveForProvider", tags = "intake",
                    summary = "Webhook for the tenant's oldest active connection of the provider", description = ANSWERS,
                    parameters = {@Parameter(in = ParameterIn.PATH, name = "tenant"),
                            @Parameter(in = ParameterIn.PATH, name = "provider")})),
            @RouterOperation(path = CONNECTION_ROUTE, method = RequestMethod.POST, operation = @Operation(
                    operationId = "receiveForConnection", tags = "intake", summary = "Webhook for one connection",
                    description = ANSWERS, parameters = {@Parameter(in = ParameterIn.PATH, name = "tenant"),
                            @Parameter(in = ParameterIn.PATH, name = "provider"),
                            @Parameter(in = ParameterIn.PATH, name = "connection")}))})
    public RouterFunction<ServerResponse> webhookRoutes(WebhookIntake intake) {
        RequestEventLoops loops = new RequestEventLoops();
        return RouterFunctions.route()
                .POST(PROVIDER_ROUTE, request -> receive(intake, loops, request,
                        ConnectionRef.oldestActive(request.pathVariable("tenant"), request.pathVariable("provider"))))
                .POST(CONNECTION_ROUTE, request -> receive(intake, loops, request, ConnectionRef.of(
                        request.pathVariable("tenant"), request.pathVariable("provider"),
                        request.pathVariable("connection"))))
                .build();
    }

    /**
     * The broker's acknowledgement arrives on the Kafka producer's one network thread; the answer is built and written
     * on the request's own event loop instead, so that thread goes back to sending the next batches at once.
     */
    private static Mono<ServerResponse> receive(WebhookIntake intake, RequestEventLoops loops, ServerRequest request,
            ConnectionRef ref) {
        var http = request.exchange().getRequest();
        return intake.receive(ref, http.getHeaders(), http.getBody(), CorrelationIdWebFilter.of(request.exchange()))
                .publishOn(loops.of(http))
                .flatMap(result -> result instanceof WebhookIntake.Result.Accepted accepted
                        ? ServerResponse.status(HttpStatus.ACCEPTED)
                                .body(json(AcceptedResponse.accepted(accepted.id()).json()))
                        : ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(new VerificationResponse("verification_code_received")));
    }

    /**
     * A JSON body written as the bytes it is: no message writer is looked up for it (a scan of the codecs per answer)
     * and no headers are copied from a builder.
     */
    private static BodyInserter<String, ReactiveHttpOutputMessage> json(String text) {
        return (message, context) -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            message.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            message.getHeaders().setContentLength(bytes.length);
            return message.writeWith(Mono.just(message.bufferFactory().wrap(bytes)));
        };
    }
}
