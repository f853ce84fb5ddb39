package io.tillsync.intake.web;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/** Reactor schedulers of the Netty event loops that serve requests, one per loop, made on first use. */
final class RequestEventLoops {

    private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

    /** The scheduler of the event loop serving {@code request}; the immediate one on a server other than Reactor Netty. */
    Scheduler of(ServerHttpRequest request) {
        if (ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection connection) {
            return schedulers.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutorService);
        }
        return Schedulers.immediate();
    }
}
