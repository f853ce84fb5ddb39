package io.tillsync.platforms.clover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.http.PlatformCallException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Clover listing client: request shape, 401/403 as unauthorized, and the 429 backoff (recorded, not slept). */
class CloverClientTest {

    private final FakeOutbound http = new FakeOutbound();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final CloverClient client = new CloverClient(http, new CloverRateLimiter(CloverRateLimiter.Limits.clover()),
            CloverClient.Backoff.clover(), Duration.ofSeconds(10), slept::add, (kind, outcome) -> outcomes.add(outcome),
            Clock.systemUTC());
    private final CloverTarget target = new CloverTarget("https://api.clover.com/", "MID", "tok");

    @Test
    void shouldAskForItemsModifiedSinceWithStockExpandedAndTheMerchantsBearerToken() {
        http.answer(200, "{\"elements\":[{\"id\":\"J1\"},{\"id\":\"J2\"}]}");

        var page = client.items(target, 1_700_000_100_000L, 0, 100);

        assertThat(page).extracting(n -> n.path("id").asText()).containsExactly("J1", "J2");
        assertThat(http.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.uri().toString()).isEqualTo("https://api.clover.com/v3/merchants/MID/items?filter="
                    + "modifiedTime%3E%3D1700000100000&expand=itemStock&limit=100&offset=0");
            assertThat(r.headers()).containsEntry("Authorization", "Bearer tok");
            assertThat(r.what()).isEqualTo("Clover item listing");
        });
        assertThat(outcomes).containsExactly("ok");
    }

    @Test
    void shouldListOnlyIdsForGhostCleanup() {
        http.answer(200, "{\"elements\":[{\"id\":\"I3\"},{\"id\":\"I4\"}]}");

        assertThat(client.itemIds(target, 2, 2)).containsExactly("I3", "I4");
        assertThat(http.requests().get(0).uri().getRawQuery()).isEqualTo("fields=id&limit=2&offset=2");
    }

    @Test
    void shouldFailUnauthorizedAtOnceOn401And403() {
        http.answer(401, "");
        assertThatThrownBy(() -> client.items(target, 0, 0, 100)).isInstanceOfSatisfying(PlatformCallException.class,
                e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.transientFailure()).isFalse();
                });
        assertThat(http.requests()).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void shouldBackOffOneTwoFourEightSecondsOn429ThenGiveUpTransiently() {
        http.answer(429, "");

        assertThatThrownBy(() -> client.items(target, 0, 0, 100)).isInstanceOfSatisfying(PlatformCallException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.transientFailure()).isTrue();
                });
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(http.requests()).hasSize(5);
    }

    @Test
    void shouldHonourRetryAfterAndSucceedOnTheRetry() {
        http.answer(429, "", "retry-after", "3").answer(429, "").answer(200, "{\"elements\":[{\"id\":\"I1\"}]}");

        assertThat(client.items(target, 0, 0, 100)).hasSize(1);
        assertThat(slept).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    @Test
    void shouldCapAHugeRetryAfter() {
        http.answer(429, "", "retry-after", "86400").answer(200, "{\"elements\":[]}");

        client.items(target, 0, 0, 100);

        assertThat(slept).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void shouldFailOnServerErrorsWithoutRetryingAndNameOnlyTheCall() {
        http.answer(500, "upstream said: secret stuff at 10.0.0.7");

        assertThatThrownBy(() -> client.items(target, 0, 0, 100)).isInstanceOfSatisfying(PlatformCallException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("Clover item listing answered 500");
                });
        assertThat(http.requests()).hasSize(1);
    }

    @Test
    void shouldTurnATransportFailureIntoATransientCallFailure() {
        http.fail(new IllegalStateException("connection reset"));

        assertThatThrownBy(() -> client.items(target, 0, 0, 100)).isInstanceOfSatisfying(PlatformCallException.class,
                e -> assertThat(e.transientFailure()).isTrue());
    }
}
