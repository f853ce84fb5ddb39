package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against the fake Clover: request shape, 401, and the 429 backoff (recorded, not slept). */
class CloverHttpApiTest {

    private final FakeClover clover = new FakeClover().merchant("MID", "tok");
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final CloverProperties.Backoff backoff = new CloverProperties.Backoff(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
            Duration.ofSeconds(60));
    private final CloverHttpApi api = new CloverHttpApi(HttpClient.newHttpClient(),
            new CloverRateLimiter(new CloverProperties.RateLimit(16, 5, 50, 10)), backoff,
            Duration.ofSeconds(10), slept::add, new SimpleMeterRegistry(), Clock.systemUTC());
    private final CloverTarget target = new CloverTarget(clover.baseUrl() + "/", "MID", "tok");

    @AfterEach
    void close() {
        clover.close();
    }

    @Test
    void shouldAskForItemsModifiedSinceWithStockExpandedAndTheMerchantsBearerToken() {
        clover.items("MID", "I", 3, 1_700_000_000_000L).items("MID", "J", 2, 1_700_000_500_000L);

        var page = api.items(target, 1_700_000_100_000L, 0, 100);

        assertThat(page).extracting(n -> n.path("id").asText()).containsExactly("J1", "J2");
        assertThat(page.get(0).path("itemStock").path("stockCount").asLong()).isEqualTo(1);
        assertThat(clover.requests()).singleElement().satisfies(r -> {
            assertThat(r.token()).isEqualTo("tok");
            assertThat(r.query()).containsEntry("filter", "modifiedTime>=1700000100000").containsEntry("expand", "itemStock")
                    .containsEntry("limit", "100").containsEntry("offset", "0");
        });
    }

    @Test
    void shouldListOnlyIdsForGhostCleanup() {
        clover.items("MID", "I", 5, 1L);

        assertThat(api.itemIds(target, 2, 2)).containsExactly("I3", "I4");
        assertThat(clover.requests()).singleElement().satisfies(r -> assertThat(r.query())
                .containsEntry("fields", "id").containsEntry("limit", "2").containsEntry("offset", "2")
                .doesNotContainKey("filter"));
    }

    @Test
    void shouldThrowTokenInvalidAtOnceOn401() {
        CloverTarget revoked = new CloverTarget(clover.baseUrl(), "MID", "old-token");

        assertThatThrownBy(() -> api.items(revoked, 0, 0, 100)).isInstanceOf(CloverTokenInvalidException.class);
        assertThat(clover.requests()).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void shouldBackOffOneTwoFourEightSecondsOn429ThenGiveUp() {
        clover.answer429("MID", 5, null);

        assertThatThrownBy(() -> api.items(target, 0, 0, 100)).isInstanceOfSatisfying(CloverApiException.class,
                e -> assertThat(e.status()).isEqualTo(429));
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(clover.requests()).hasSize(5).allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
    }

    @Test
    void shouldHonourRetryAfterAndSucceedOnTheRetry() {
        clover.items("MID", "I", 1, 1L).answer429("MID", 1, "3").answer429("MID", 1, null);

        assertThat(api.items(target, 0, 0, 100)).hasSize(1);
        assertThat(slept).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2));
        assertThat(clover.requests()).extracting(FakeClover.Request::status).containsExactly(429, 429, 200);
    }

    @Test
    void shouldCapAHugeRetryAfter() {
        clover.items("MID", "I", 1, 1L).answer429("MID", 1, "86400");

        api.items(target, 0, 0, 100);

        assertThat(slept).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void shouldFailOnServerErrorsWithoutRetrying() {
        clover.items("MID", "I", 1, 1L).failOnceAtOffset("MID", 0);

        assertThatThrownBy(() -> api.items(target, 0, 0, 100)).isInstanceOfSatisfying(CloverApiException.class,
                e -> assertThat(e.status()).isEqualTo(500));
        assertThat(clover.requests()).hasSize(1);
    }
}
