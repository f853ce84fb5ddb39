package io.tillsync.delivery.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tillsync.delivery.config.DeliveryProperties;
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
import org.springframework.web.reactive.function.client.WebClient;

/** The outbound HTTP client against a local server: total timeout, no redirects, status and headers kept. */
class ReactorNettyWebhookSenderTest {

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
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private WebhookSender sender(Duration totalTimeout) {
        return new ReactorNettyWebhookSender(WebClient.builder(),
                new DeliveryProperties.Http(Duration.ofSeconds(5), totalTimeout, 10_240, 8));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void shouldGiveUpAtTheTotalTimeoutAndSayItTimedOut() {
        long start = System.nanoTime();
        SendResult result = sender(Duration.ofMillis(300)).post(url("/hang"), Map.of(), "{}".getBytes())
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isNull();
        assertThat(result.timedOut()).isTrue();
        assertThat(result.throttledOrTimedOut()).isTrue();
        assertThat(result.error()).startsWith("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldNotFollowRedirects() {
        SendResult result = sender(Duration.ofSeconds(10)).post(url("/redirect"), Map.of(), "{}".getBytes())
                .block(Duration.ofSeconds(20));

        assertThat(result.status()).isEqualTo(302);
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void shouldReportA429WithItsRetryAfter() {
        SendResult result = sender(Duration.ofSeconds(10)).post(url("/limited"), Map.of("webhook-id", "msg_1"),
                "{}".getBytes()).block(Duration.ofSeconds(20));

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
                Map.of(), "{}".getBytes()).block(Duration.ofSeconds(20));

        assertThat(result.status()).isNull();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.error()).startsWith("connection error");
    }
}
