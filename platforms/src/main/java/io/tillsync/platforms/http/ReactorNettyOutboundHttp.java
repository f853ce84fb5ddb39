package io.tillsync.platforms.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link OutboundHttp} on Reactor Netty: its own bounded connection pool, the {@link GuardedAddressResolverGroup}
 * (resolve once, check, connect to the checked address), connect / response / total timeouts, no redirects, no
 * proxy, and a response body read to at most the request's cap. Failures are {@link PlatformCallException}s whose
 * messages name the call ({@code what}) and never the host, the port or what the other side said.
 */
public final class ReactorNettyOutboundHttp implements OutboundHttp, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReactorNettyOutboundHttp.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final OutboundSettings settings;
    private final ConnectionProvider pool;
    private final ExecutorService dns;
    private final HttpClient client;

    public ReactorNettyOutboundHttp(OutboundSettings settings) {
        this(settings, HostResolver.jdk());
    }

    public ReactorNettyOutboundHttp(OutboundSettings settings, HostResolver resolver) {
        this(settings, resolver, new AddressPolicy(settings.allowPrivateTargets()));
    }

    /** With a policy of the caller's own (delivery's loopback-only test switch, for example). */
    public ReactorNettyOutboundHttp(OutboundSettings settings, HostResolver resolver, AddressPolicy policy) {
        this.settings = settings;
        int instance = INSTANCES.incrementAndGet();
        this.pool = ConnectionProvider.builder("outbound-" + instance)
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(settings.totalTimeout().plus(settings.connectTimeout()))
                .maxIdleTime(Duration.ofSeconds(30))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
        AtomicInteger threads = new AtomicInteger();
        this.dns = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "outbound-dns-" + instance + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.create(pool)
                .resolver(new GuardedAddressResolverGroup(policy, resolver, dns))
                .noProxy()
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.totalTimeout());
    }

    @Override
    public Mono<OutboundResponse> send(OutboundRequest request) {
        return Mono.defer(() -> {
            try {
                OutboundTarget.of(request.uri());
            } catch (TargetNotAllowedException refused) {
                return Mono.error(failure(request.what(), refused));
            }
            long start = System.nanoTime();
            int cap = request.maxResponseBytes() > 0 ? request.maxResponseBytes() : settings.maxResponseBytes();
            Duration total = request.timeout() != null ? request.timeout() : settings.totalTimeout();
            byte[] body = request.body();
            HttpClient.ResponseReceiver<?> receiver = client
                    .responseTimeout(total)
                    .headers(headers -> {
                        request.headers().forEach(headers::set);
                        if (body != null) {
                            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                        }
                    })
                    .request(HttpMethod.valueOf(request.method().toUpperCase(Locale.ROOT)))
                    .uri(request.uri().toString())
                    // a fresh buffer per subscription: Reactor Netty may send again on a pooled connection that closed
                    .send(body == null ? Mono.empty() : Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
            return receiver
                    .responseConnection((response, connection) -> read(request, response, connection, cap, start))
                    .next()
                    .timeout(total)
                    .onErrorMap(e -> failure(request.what(), e));
        });
    }

    private Mono<OutboundResponse> read(OutboundRequest request, HttpClientResponse response, Connection connection,
            int cap, long start) {
        return Mono.defer(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] over = {false};
            return connection.inbound().receive()
                    .doOnNext(buffer -> take(buffer, out, cap, over))
                    .takeUntil(buffer -> over[0])
                    .then(Mono.fromCallable(() -> {
                        if (over[0] && !request.truncateBody()) {
                            connection.dispose();
                            throw new PlatformCallException(request.what() + " answered a body over " + cap
                                    + " bytes", false, response.status().code());
                        }
                        if (over[0]) {
                            connection.dispose(); // the rest of the body is not read: this connection is not reused
                        }
                        return new OutboundResponse(response.status().code(), headers(response), out.toByteArray(),
                                over[0], elapsed(start), request.what());
                    }));
        });
    }

    private static void take(ByteBuf buffer, ByteArrayOutputStream out, int cap, boolean[] over) {
        int room = cap - out.size();
        int readable = buffer.readableBytes();
        int n = Math.min(room, readable);
        if (n > 0) {
            byte[] chunk = new byte[n];
            buffer.readBytes(chunk);
            out.write(chunk, 0, n);
        }
        if (readable > room) {
            over[0] = true;
        }
    }

    private static Map<String, List<String>> headers(HttpClientResponse response) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : response.responseHeaders().names()) {
            out.put(name.toLowerCase(Locale.ROOT), List.copyOf(response.responseHeaders().getAll(name)));
        }
        return out;
    }

    /** The one exception a failed call ends with; the cause keeps the details for logs. */
    static PlatformCallException failure(String what, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TargetNotAllowedException refused) {
                return new TargetNotAllowedException(what + " refused: " + AddressPolicy.describe(refused.reason()),
                        refused.reason());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof PlatformCallException call
                    && AddressPolicy.DOES_NOT_RESOLVE.equals(call.getMessage())) {
                return new PlatformCallException(what + " failed: host does not resolve", false, 0, null, e);
            }
        }
        if (e instanceof PlatformCallException call) {
            return call;
        }
        if (timedOut(e)) {
            return new PlatformCallException(what + " failed: timeout", true, 0, null, e);
        }
        log.debug("{} failed", what, e);
        return new PlatformCallException(what + " failed: connection error", true, 0, null, e);
    }

    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException
                    || t instanceof WriteTimeoutException || t instanceof ConnectTimeoutException
                    || t instanceof io.netty.handler.timeout.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Closes the connection pool and the resolver threads. */
    @Override
    public void close() {
        pool.dispose();
        dns.shutdownNow();
    }
}
