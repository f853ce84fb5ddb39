package io.tillsync.platforms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.platforms.FakeOutbound;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A poller's blocking call: 429 retried after Retry-After (decimal seconds too) or the schedule, 401 at once. */
class PolledCallsTest {

    private final FakeOutbound http = new FakeOutbound();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final PolledCalls calls = new PolledCalls(http, new RequestLimiter(RequestLimiter.Limit.none()),
            new PolledCalls.Backoff(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofSeconds(60)),
            slept::add, (kind, outcome) -> { }, Clock.systemUTC());
    private final OutboundRequest request = OutboundRequest.get(URI.create("https://x.myshopify.com/a"), "Shopify GET");

    @Test
    void shouldWaitTheDecimalRetryAfterThenTheScheduleAndAnswerTheSuccess() {
        http.answer(429, "{}", "retry-after", "2.0").answer(429, "{}").answer(200, "{\"ok\":true}");

        OutboundResponse answer = calls.send("shop", RequestLimiter.Limit.perSecond(2, 1), request, "products");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void shouldFailAsUnauthorizedOn401WithoutRetrying() {
        http.answer(401, "{\"errors\":\"[API] Invalid API key\"}");

        assertThatThrownBy(() -> calls.send("shop", RequestLimiter.Limit.none(), request, "products"))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("Shopify GET answered 401").doesNotContain("Invalid");
                });
        assertThat(http.requests()).hasSize(1);
    }

    @Test
    void shouldFailTransientlyOnce429OutlastsTheSchedule() {
        http.answer(429, "{}");

        assertThatThrownBy(() -> calls.send("shop", RequestLimiter.Limit.none(), request, "products"))
                .isInstanceOfSatisfying(PlatformCallException.class, e -> assertThat(e.transientFailure()).isTrue());
        assertThat(http.requests()).hasSize(3);
    }
}
