package io.tillsync.delivery.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tillsync.platforms.http.OutboundSettings;
import io.tillsync.platforms.http.ReactorNettyOutboundHttp;
import java.net.InetAddress;
import java.util.List;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook sender against a local server: total timeout, no redirects, status and headers kept, a refused
 * target reported as such.
 */
class OutboundWebhookSenderTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hang", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/limited", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "120");
            byte[] body = "slow down".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop(0);
        if (sender != null) {
            sender.close();
        }
    }

    private OutboundWebhookSender sender;

    private WebhookSender sender(Duration totalTimeout) {
        return sender(totalTimeout, true);
    }

    private WebhookSender sender(Duration totalTimeout, boolean allowPrivate) {
        OutboundSettings settings = new OutboundSettings(allowPrivate, Duration.ofSeconds(5), totalTimeout, 10_240, 8);
        sender = new OutboundWebhookSender(new ReactorNettyOutboundHttp(settings,
                host -> List.of(InetAddress.getByName("127.0.0.1"))), 10_240);
        return sender;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void shouldGiveUpAtTheTotalTimeoutAndSayItTimedOut() {
        long start = System.nanoTime();
        SendResult result = sender(Duration.ofMillis(300)).post(url("/hang"), Map.of(), "{}".getBytes(), null)
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isNull();
        assertThat(result.timedOut()).isTrue();
        assertThat(result.throttledOrTimedOut()).isTrue();
        assertThat(result.error()).startsWith("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldNotFollowRedirects() {
        SendResult result = sender(Duration.ofSeconds(10)).post(url("/redirect"), Map.of(), "{}".getBytes(), null)
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isEqualTo(302);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void shouldReportA429WithItsRetryAfter() {
        SendResult result = sender(Duration.ofSeconds(10)).post(url("/limited"), Map.of("webhook-id", "msg_1"),
                "{}".getBytes(), null).block(Duration.ofSeconds(20));

        assertThat(result.status()).isEqualTo(429);
        assertThat(result.body()).isEqualTo("slow down");
        assertThat(result.throttledOrTimedOut()).isTrue();
        assertThat(result.retryAfter(java.time.Instant.now())).contains(Duration.ofSeconds(120));
    }

    @Test
    void shouldReportAConnectionErrorWithoutAStatus() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SendResult result = sender(Duration.ofSeconds(10)).post(URI.create("http://127.0.0.1:" + closedPort + "/x"),
                Map.of(), "{}".getBytes(), null).block(Duration.ofSeconds(20));

        assertThat(result.status()).isNull();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.error()).startsWith("connection error");
    }

    @Test
    void shouldReportARefusedTargetAsAFailedAttemptWithoutItsAddress() {
        SendResult result = sender(Duration.ofSeconds(10), false).post(url("/limited"), Map.of(), "{}".getBytes(), null)
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isNull();
        assertThat(result.targetRefused()).isTrue();
        assertThat(result.error()).isEqualTo("target refused: the host is a loopback address");
    }

    @Test
    void shouldKeepTheFirstBytesOfALongAnswer() {
        server.createContext("/long", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "y".repeat(50_000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        SendResult result = sender(Duration.ofSeconds(10)).post(url("/long"), Map.of(), "{}".getBytes(), null)
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).hasSize(10_240);
    }
}
