package io.tillsync.kit.db;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Postgres {@code LISTEN/NOTIFY} for caches that must follow a change at once on every replica (a disabled
 * connection, a rotated or revoked secret, a revoked API key): one dedicated connection (outside the pool) listens on
 * the channels subscribers asked for and hands each notification's payload to them, typically within milliseconds of
 * the writer's commit. Triggers in the owning schema send the notifications, so any writer (API, SQL by hand) is
 * covered. When the listening connection is lost it is re-opened with back-off, and every subscriber is told to
 * drop everything ({@code onReconnect}), since notifications sent meanwhile are lost; the caches' own refresh
 * timers stay as the backstop.
 */
public class ChangeNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

    private final ConnectionFactory factory;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final Duration maxBackoff;
    private volatile Disposable subscription;
    private volatile boolean listening;

    public ChangeNotifications(ConnectionFactory factory, Duration maxBackoff) {
        this.factory = unwrapPool(factory);
        this.maxBackoff = maxBackoff;
    }

    /** Calls {@code onPayload} with every notification on {@code channel}; {@code onReconnect} after a gap. */
    public void subscribe(String channel, Consumer<String> onPayload, Runnable onReconnect) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel names are lower-case identifiers: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onPayload);
        reconnectListeners.add(onReconnect);
        if (subscription != null) {
            restart();
        }
    }

    /** True while the listening connection is open and subscribed. */
    public boolean listening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        if (subscription == null && !listeners.isEmpty()) {
            subscription = Flux.usingWhen(factory.create(), this::listen, Connection::close)
                    .doOnError(e -> {
                        listening = false;
                        log.warn("Change notifications interrupted ({}); re-listening", e.toString());
                    })
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(maxBackoff))
                    .repeatWhen(done -> done.delayElements(Duration.ofMillis(200)))
                    .subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
        listening = false;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    private synchronized void restart() {
        stop();
        start();
    }

    private Flux<Void> listen(Connection connection) {
        if (!(connection instanceof PostgresqlConnection pg)) {
            return Flux.error(new IllegalStateException("change notifications need a Postgres connection"));
        }
        String sql = String.join("; ", listeners.keySet().stream().map(c -> "LISTEN " + c).toList());
        return pg.createStatement(sql).execute().flatMap(r -> r.getRowsUpdated()).then(Mono.fromRunnable(() -> {
                    listening = true;
                    reconnectListeners.forEach(ChangeNotifications::runQuietly);
                }))
                .thenMany(pg.getNotifications())
                .doOnNext(n -> listeners.getOrDefault(n.getName(), List.of())
                        .forEach(l -> runQuietly(() -> l.accept(n.getParameter() == null ? "" : n.getParameter()))))
                .thenMany(Flux.<Void>empty())
                .doFinally(s -> listening = false);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Change notification listener failed: {}", e.toString());
        }
    }

    /** The pool's own factory: the listening connection is long-lived and must not hold a pooled one. */
    @SuppressWarnings("unchecked")
    private static ConnectionFactory unwrapPool(ConnectionFactory factory) {
        ConnectionFactory f = factory;
        while (f instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            f = inner;
        }
        return f;
    }
}
