package io.tillsync.intake.web;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/** Reactor schedulers of the Netty event loops that serve requests, one per loop, made on first use. */
final class RequestEventLoops {

    private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

    /** The scheduler of the event loop serving {@code connection}. */
    Scheduler of(Connection connection) {
        return schedulers.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutorService);
    }
}
