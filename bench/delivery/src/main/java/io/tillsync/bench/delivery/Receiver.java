package io.tillsync.bench.delivery;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The subscribers' side: Reactor Netty servers on loopback. Healthy endpoints ({@code /<phase>/ok/...}) answer 200 as
 * soon as the body is read and have each delivery's first success timestamped per phase; failing endpoints live on another port (as
 * another host would) and answer 500 ({@code /<phase>/fail/status/...}) or never answer ({@code .../fail/hang/...}),
 * so the sender's timeout ends the attempt; a slow endpoint (another port) answers 200 after 200 ms.
 */
final class Receiver implements AutoCloseable {

    /** Success timestamps of one phase. */
    private static final class Phase {
        final AtomicLongArray times;
        final AtomicInteger successes = new AtomicInteger();
        final AtomicLong duplicates = new AtomicLong();
        final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
        final AtomicLong failures = new AtomicLong();

        Phase(int expected) {
            this.times = new AtomicLongArray(expected);
        }
    }

    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final DisposableServer healthy;
    private final DisposableServer failing;
    private final DisposableServer slow;

    private Receiver() {
        healthy = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().then(Mono.defer(() -> {
                    Phase phase = phase(request.uri());
                    // one success per delivery (message id + endpoint path): a resend after a lost result is a duplicate
                    String delivery = request.requestHeaders().get("webhook-id") + " " + request.uri();
                    if (phase != null && !phase.seen.add(delivery)) {
                        phase.duplicates.incrementAndGet();
                    } else if (phase != null) {
                        int n = phase.successes.getAndIncrement();
                        if (n < phase.times.length()) {
                            phase.times.set(n, System.nanoTime());
                        }
                    }
                    return response.status(200).send().then();
                })))
                .bindNow();
        failing = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().then(Mono.defer(() -> {
                    Phase phase = phase(request.uri());
                    if (phase != null) {
                        phase.failures.incrementAndGet();
                    }
                    if (request.uri().contains("/fail/hang/")) {
                        return Mono.never();
                    }
                    return response.status(500).sendString(Mono.just("unavailable")).then();
                })))
                .bindNow();
        slow = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().then(Mono.delay(java.time.Duration.ofMillis(200)))
                        .then(Mono.defer(() -> {
                            Phase phase = phase(request.uri());
                            if (phase != null) {
                                int n = phase.successes.getAndIncrement();
                                if (n < phase.times.length()) {
                                    phase.times.set(n, System.nanoTime());
                                }
                            }
                            return response.status(200).send().then();
                        })))
                .bindNow();
    }

    static Receiver start() {
        return new Receiver();
    }

    private Phase phase(String uri) {
        int slash = uri.indexOf('/', 1);
        return slash < 0 ? null : phases.get(uri.substring(1, slash));
    }

    String healthyUrl(String phase) {
        return "http://127.0.0.1:" + healthy.port() + "/" + phase + "/ok";
    }

    /** An endpoint (on a port of its own, as another host) that answers 200 after 200 ms. */
    String slowUrl(String phase) {
        return "http://127.0.0.1:" + slow.port() + "/" + phase + "/ok";
    }

    String failingUrl(String phase, String mode) {
        return "http://127.0.0.1:" + failing.port() + "/" + phase + "/fail/" + mode;
    }

    void expect(String phase, int expected) {
        phases.put(phase, new Phase(expected));
    }

    int successes(String phase) {
        return phases.get(phase).successes.get();
    }

    java.util.Set<String> phases() {
        return phases.keySet();
    }

    long duplicates(String phase) {
        return phases.get(phase).duplicates.get();
    }

    long failures(String phase) {
        return phases.get(phase).failures.get();
    }

    /** The phase's success timestamps (System.nanoTime), sorted. */
    long[] successTimes(String phase) {
        Phase p = phases.get(phase);
        long[] copy = new long[Math.min(p.successes.get(), p.times.length())];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = p.times.get(i);
        }
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public void close() {
        healthy.disposeNow();
        failing.disposeNow();
        slow.disposeNow();
    }
}
