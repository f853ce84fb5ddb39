package io.tillsync.platforms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The layer against a local Reactor Netty server on 127.0.0.1. No test sends to any other address: public addresses
 * appear only as answers of a fake {@link HostResolver} and must be refused before a connection is made.
 */
class ReactorNettyOutboundHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicInteger requests = new AtomicInteger();
    private DisposableServer server;
    private ReactorNettyOutboundHttp http;

    @BeforeEach
    void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/ok", (req, res) -> {
                            requests.incrementAndGet();
                            return res.header("X-Answer", "yes").sendString(Mono.just("hello"));
                        })
                        .post("/echo", (req, res) -> {
                            requests.incrementAndGet();
                            return res.send(req.receive().aggregate().retain());
                        })
                        .get("/big", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.just("x".repeat(100)));
                        })
                        .get("/hang", (req, res) -> {
                            requests.incrementAndGet();
                            return Mono.never();
                        })
                        .get("/busy", (req, res) -> {
                            requests.incrementAndGet();
                            return res.status(HttpResponseStatus.SERVICE_UNAVAILABLE).header("Retry-After", "7")
                                    .sendString(Mono.just("internal detail from 10.1.2.3"));
                        })
                        .get("/moved", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendRedirect("/ok");
                        }))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
        if (http != null) {
            http.close();
        }
    }

    private ReactorNettyOutboundHttp http(boolean allowPrivate, HostResolver resolver) {
        OutboundSettings settings = new OutboundSettings(allowPrivate, Duration.ofSeconds(2), Duration.ofSeconds(5),
                1024, 8);
        http = new ReactorNettyOutboundHttp(settings, resolver);
        return http;
    }

    private URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.port() + path);
    }

    private static HostResolver loopbackDns() {
        return host -> List.of(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void shouldRefuseLoopbackAtConnectWhenPrivateTargetsAreOff() {
        assertThatThrownBy(() -> http(false, loopbackDns()).send(OutboundRequest.get(url("127.0.0.1", "/ok"),
                "Test call")).block(WAIT))
                .isInstanceOfSatisfying(TargetNotAllowedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("loopback");
                    assertThat(e.getMessage()).startsWith("Test call refused").doesNotContain("127.0.0.1")
                            .doesNotContain(String.valueOf(server.port()));
                });
        assertThatThrownBy(() -> http.send(OutboundRequest.get(url("hooks.example", "/ok"), "Test call"))
                .block(WAIT)).isInstanceOf(TargetNotAllowedException.class);
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldAnswerWithStatusLowerCaseHeadersAndBodyWhenPrivateTargetsAreAllowed() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.get(url("hooks.example", "/ok"), "Test call")).block(WAIT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsKey("x-answer");
        assertThat(response.header("X-Answer")).contains("yes");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(response.truncated()).isFalse();
        assertThat(response.what()).isEqualTo("Test call");
    }

    @Test
    void shouldSendTheBodyAndHeaders() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.post(url("127.0.0.1", "/echo"), "Echo", "{\"a\":1}".getBytes())
                        .bearer("token"))
                .block(WAIT);

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldRefuseAtConnectAHostThatResolvedPubliclyWhenSavedAndToLoopbackWhenSent() {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> lookups.incrementAndGet() == 1
                ? List.of(InetAddress.getByName("93.184.216.34"))
                : List.of(InetAddress.getByName("127.0.0.1"));
        AddressPolicy policy = new AddressPolicy(false);

        // the save-time check sees the public address and passes
        assertThat(policy.resolve("rebind.example", rebinding))
                .containsExactly(addressOf("93.184.216.34"));

        // the send resolves again, sees loopback, and connects nowhere
        assertThatThrownBy(() -> http(false, rebinding)
                .send(OutboundRequest.get(url("rebind.example", "/ok"), "Webhook")).block(WAIT))
                .isInstanceOfSatisfying(TargetNotAllowedException.class,
                        e -> assertThat(e.reason()).isEqualTo("loopback"));
        assertThat(lookups).hasValue(2);
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldFailPermanentlyWhenTheBodyIsOverTheCap() {
        assertThatThrownBy(() -> http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/big"), "Big call").maxResponseBytes(10, false))
                .block(WAIT))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("Big call answered a body over 10 bytes");
                });
    }

    @Test
    void shouldKeepTheFirstBytesWhenTruncating() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/big"), "Big call").maxResponseBytes(10, true))
                .block(WAIT);

        assertThat(response.body()).hasSize(10);
        assertThat(response.truncated()).isTrue();
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void shouldTakeTheSettingsCapWhenTheRequestNamesNone() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/big"), "Big call")).block(WAIT);

        assertThat(response.body()).hasSize(100);
        assertThat(response.truncated()).isFalse();
    }

    @Test
    void shouldFailTransientlyWithATimeoutWhenTheServerNeverAnswers() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/hang"), "Slow call").timeout(Duration.ofMillis(300)))
                .block(WAIT))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).isEqualTo("Slow call failed: timeout");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldAnswerA503AndFailTransientlyWithItsRetryAfterOnRequireSuccess() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/busy"), "Busy call")).block(WAIT);

        assertThat(response.status()).isEqualTo(503);
        assertThatThrownBy(response::requireSuccess)
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).isEqualTo("Busy call answered 503");
                });
    }

    @Test
    void shouldReturnARedirectAsTheAnswerWithoutFollowingIt() {
        OutboundResponse response = http(true, loopbackDns())
                .send(OutboundRequest.get(url("127.0.0.1", "/moved"), "Moved call")).block(WAIT);

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location")).isPresent();
        assertThat(requests).hasValue(1);
    }

    @Test
    void shouldFailTransientlyWithAConnectionErrorWhenNothingListens() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + closedPort + "/x");
        assertThatThrownBy(() -> http(true, loopbackDns()).send(OutboundRequest.get(closed, "Closed call")).block(WAIT))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("Closed call failed: connection error");
                });
    }

    @Test
    void shouldFailPermanentlyWhenTheHostDoesNotResolve() {
        HostResolver none = host -> {
            throw new UnknownHostException(host);
        };
        assertThatThrownBy(() -> http(false, none).send(OutboundRequest.get(url("nowhere.example", "/"), "Lost call"))
                .block(WAIT))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e).isNotInstanceOf(TargetNotAllowedException.class);
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).isEqualTo("Lost call failed: host does not resolve");
                });
    }

    @Test
    void shouldRefuseOtherSchemesAndUserInfoAndOddSpellingsOfLoopback() {
        OutboundHttp guarded = http(false, loopbackDns());
        for (String target : List.of("ftp://127.0.0.1/x", "http://user:pw@hooks.example/x",
                "http://0x7f.0.0.1:" + server.port() + "/ok", "http://2130706433:" + server.port() + "/ok",
                "http://127.1:" + server.port() + "/ok", "http://[::ffff:127.0.0.1]:" + server.port() + "/ok",
                "http://localhost:" + server.port() + "/ok")) {
            assertThatThrownBy(() -> guarded.send(OutboundRequest.get(URI.create(target), "Odd call")).block(WAIT))
                    .as(target).isInstanceOf(TargetNotAllowedException.class);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldConnectToTheParsedAddressOfAnOddLiteralWhenAllowed() {
        OutboundResponse response = http(true, host -> {
            throw new UnknownHostException("a literal must not be looked up");
        }).send(OutboundRequest.get(URI.create("http://0x7f.1:" + server.port() + "/ok"), "Odd call")).block(WAIT);

        assertThat(response.status()).isEqualTo(200);
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
