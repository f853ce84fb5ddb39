package io.tillsync.platforms.tripleseat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class TripleSeatClientTest {

    private static final ApiTarget TARGET = new ApiTarget("https://api.tripleseat.com", "{}");
    private static final TripleSeatCredentials OAUTH =
            TripleSeatCredentials.parse("{\"client_id\":\"cid\",\"client_secret\":\"s3cret\",\"refresh_token\":\"R1\"}");
    private static final String EVENT = "{\"event\":{\"id\":5,\"name\":\"Gala\",\"status\":\"DEFINITE\",\"event_date\":\"06/14/2025\"}}";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-14T17:00:00Z"));
    private final List<String> stored = new CopyOnWriteArrayList<>();

    private TripleSeatClient client(OutboundHttp http) {
        TripleSeatTokens tokens = new TripleSeatTokens(http, Duration.ofSeconds(5), Duration.ofSeconds(60),
                (connection, credentials, refresh) -> Mono.fromRunnable(() -> stored.add(connection + ":" + refresh)), clock);
        return new TripleSeatClient(http, Duration.ofSeconds(5), tokens, new TripleSeatRateLimit(10), Duration.ofSeconds(5));
    }

    private static TripleSeatClient.Account account() {
        return new TripleSeatClient.Account("con_ts", TARGET, OAUTH);
    }

    @Test
    void shouldRefreshAShortLivedTokenBeforeItExpiresAndKeepTheRotatedRefreshToken() {
        FakeOutbound http = new FakeOutbound()
                .answer(200, "{\"access_token\":\"A\",\"token_type\":\"Bearer\",\"expires_in\":120,\"refresh_token\":\"R2\"}")
                .answer(200, EVENT)
                .answer(200, EVENT)
                .answer(200, "{\"access_token\":\"B\",\"token_type\":\"Bearer\",\"expires_in\":120,\"refresh_token\":\"R3\"}")
                .answer(200, EVENT);
        TripleSeatClient client = client(http);

        client.fetchEvent(account(), "5", ZoneId.of("America/Los_Angeles")).block();
        clock.advance(Duration.ofSeconds(30)); // still 30 s before the refresh point: cached
        client.fetchEvent(account(), "5", ZoneId.of("America/Los_Angeles")).block();
        clock.advance(Duration.ofSeconds(31)); // within 60 s of expiry: refreshed first
        TripleSeatEvent e = client.fetchEvent(account(), "5", ZoneId.of("America/Los_Angeles")).block();

        assertThat(e.name()).isEqualTo("Gala");
        var requests = http.requests();
        assertThat(requests).extracting(r -> r.uri().getPath())
                .containsExactly("/oauth2/token", "/v1/events/5.json", "/v1/events/5.json", "/oauth2/token", "/v1/events/5.json");
        assertThat(FakeOutbound.body(requests.get(0)))
                .isEqualTo("grant_type=refresh_token&refresh_token=R1&client_id=cid&client_secret=s3cret");
        assertThat(requests.get(0).headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
        assertThat(FakeOutbound.body(requests.get(3))).startsWith("grant_type=refresh_token&refresh_token=R2&");
        assertThat(requests.get(1).headers()).containsEntry("Authorization", "Bearer A");
        assertThat(requests.get(4).headers()).containsEntry("Authorization", "Bearer B");
        assertThat(requests.get(1).uri().getQuery()).isEqualTo("show_financial=true");
        assertThat(stored).containsExactly("con_ts:R2", "con_ts:R3");
    }

    @Test
    void shouldRefreshOnceOn401ThenReportTokenInvalid() {
        FakeOutbound http = new FakeOutbound()
                .answer(200, "{\"access_token\":\"A\",\"expires_in\":7200}")
                .answer(401, "{}")
                .answer(200, "{\"access_token\":\"B\",\"expires_in\":7200}")
                .answer(401, "{}");
        TripleSeatClient client = client(http);

        assertThatThrownBy(() -> client.fetchEvent(account(), "5", ZoneId.of("UTC")).block())
                .isInstanceOf(TripleSeatClient.TokenInvalidException.class).hasMessageContaining("token_invalid");
        assertThat(http.requests()).extracting(r -> r.uri().getPath())
                .containsExactly("/oauth2/token", "/v1/events/5.json", "/oauth2/token", "/v1/events/5.json");
    }

    @Test
    void shouldRepeatTheCallWithTheRenewedTokenAfterOne401() {
        FakeOutbound http = new FakeOutbound()
                .answer(200, "{\"access_token\":\"A\",\"expires_in\":7200}")
                .answer(401, "{}")
                .answer(200, "{\"access_token\":\"B\",\"expires_in\":7200}")
                .answer(200, EVENT);

        assertThat(client(http).fetchEvent(account(), "5", ZoneId.of("UTC")).block().id()).isEqualTo("5");
        assertThat(http.requests().get(3).headers()).containsEntry("Authorization", "Bearer B");
    }

    @Test
    void shouldShareOneInFlightRefreshBetweenConcurrentCallers() {
        AtomicInteger tokenCalls = new AtomicInteger();
        OutboundHttp slow = request -> {
            tokenCalls.incrementAndGet();
            return Mono.delay(Duration.ofMillis(200)).map(x -> new OutboundResponse(200, Map.of(),
                    "{\"access_token\":\"A\",\"expires_in\":7200}".getBytes(), false, 1, request.what()));
        };
        TripleSeatTokens tokens = new TripleSeatTokens(slow, Duration.ofSeconds(5), Duration.ofSeconds(60),
                (c, k, r) -> Mono.empty(), clock);

        List<String> got = Flux.range(0, 8).flatMap(i -> tokens.accessToken("con_ts", TARGET, OAUTH)).collectList().block();

        assertThat(got).hasSize(8).containsOnly("A");
        assertThat(tokenCalls).hasValue(1);
    }

    @Test
    void shouldKeepTenRequestsASecondPerCredential() {
        TripleSeatRateLimit limit = new TripleSeatRateLimit(10);
        long start = System.nanoTime();
        Flux.range(0, 25).concatMap(i -> limit.permit("client:cid")).blockLast();
        Duration taken = Duration.ofNanos(System.nanoTime() - start);
        long other = System.nanoTime();
        limit.permit("client:other").block();

        assertThat(taken).isGreaterThanOrEqualTo(Duration.ofMillis(1400)); // 10 at once, then 15 at 10/s
        assertThat(Duration.ofNanos(System.nanoTime() - other)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void shouldSendAStaticTokenAsBearerWhenTheCredentialIsNotOauth() {
        FakeOutbound http = new FakeOutbound().answer(200, EVENT);
        TripleSeatClient.Account plain = new TripleSeatClient.Account("con_ts",
                new ApiTarget("https://api.tripleseat.com", "tok"), TripleSeatCredentials.parse("tok"));

        client(http).fetchEvent(plain, "5", ZoneId.of("UTC")).block();

        assertThat(http.requests()).singleElement().satisfies(r ->
                assertThat(r.headers()).containsEntry("Authorization", "Bearer tok"));
        assertThat(OAUTH.toString()).doesNotContain("s3cret").doesNotContain("R1");
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
