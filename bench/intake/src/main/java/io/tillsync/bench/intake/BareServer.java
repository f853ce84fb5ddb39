package io.tillsync.bench.intake;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The baseline: a WebFlux functional endpoint on Reactor Netty that reads the body and answers 202 with a JSON id, as
 * intake does, and nothing else. Run in a JVM of its own, with the same options as intake's, so that neither shares
 * JIT type profiles, heap or GC with the other or with the load generator. {@code GET /jit} answers this JVM's JIT
 * compilation time so far, in the shape of actuator's {@code jvm.compilation.time}.
 */
public final class BareServer {

    private BareServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        HttpHandler handler = RouterFunctions.toHttpHandler(RouterFunctions.route(RequestPredicates.POST("/bare"),
                        request -> request.bodyToMono(byte[].class).flatMap(body -> ServerResponse.accepted()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"status\":\"accepted\",\"id\":\"" + UUID.randomUUID() + "\"}")))
                .andRoute(RequestPredicates.GET("/jit"), request -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"value\":" + ManagementFactory.getCompilationMXBean().getTotalCompilationTime() + "}")));
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        System.out.println("bare listening on " + server.port());
        server.onDispose().block();
    }
}
