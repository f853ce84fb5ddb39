package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.clover.CloverClient;
import io.tillsync.platforms.clover.CloverRateLimiter;
import io.tillsync.platforms.clover.CloverTarget;
import io.tillsync.platforms.http.OutboundSettings;
import io.tillsync.platforms.http.ReactorNettyOutboundHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads calling at once stay within Clover's limits as the fake Clover counts them: it answers 429 to the
 * first request over any limit, so zero 429s proves the limiter held. The durations are lower bounds only.
 */
class CloverRateLimiterTest {

    private final FakeClover clover = new FakeClover(FakeClover.Limits.CLOVER);
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final CloverClient api = new CloverClient(
            new ReactorNettyOutboundHttp(OutboundSettings.defaults().withAllowPrivateTargets(true)),
            new CloverRateLimiter(CloverRateLimiter.Limits.clover()),
            new CloverClient.Backoff(List.of(), Duration.ofSeconds(60)), Duration.ofSeconds(10),
            d -> { }, (kind, outcome) -> { }, Clock.systemUTC());

    @AfterEach
    void close() {
        threads.shutdownNow();
        clover.close();
    }

    private long run(List<CloverTarget> targets, int perTarget) throws Exception {
        List<Future<?>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (CloverTarget target : targets) {
            for (int i = 0; i < perTarget; i++) {
                calls.add(threads.submit(() -> api.items(target, 0, 0, 100)));
            }
        }
        for (Future<?> call : calls) {
            call.get();
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void shouldKeepOneTokenWithinSixteenPerSecondAndFiveInFlight() throws Exception {
        clover.merchant("MID", "tok").items("MID", "I", 3, 1L);
        clover.latency(Duration.ofMillis(20));

        long millis = run(List.of(new CloverTarget(clover.baseUrl(), "MID", "tok")), 40);

        assertThat(clover.rateLimited()).isZero();
        assertThat(clover.requests()).hasSize(40);
        assertThat(clover.maxTokenInFlight()).isLessThanOrEqualTo(5);
        assertThat(millis).isGreaterThanOrEqualTo(2000); // 40 requests at 16/s need two full windows
    }

    @Test
    void shouldKeepAllTokensTogetherWithinTheAppLimit() throws Exception {
        List<CloverTarget> targets = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            clover.merchant("M" + m, "tok" + m).items("M" + m, "I", 1, 1L);
            targets.add(new CloverTarget(clover.baseUrl(), "M" + m, "tok" + m));
        }

        long millis = run(targets, 12); // 72 requests: over 50/s for the app, under 16/s per token

        assertThat(clover.rateLimited()).isZero();
        assertThat(clover.requests()).hasSize(72);
        assertThat(clover.maxAppInFlight()).isLessThanOrEqualTo(10);
        assertThat(millis).isGreaterThanOrEqualTo(1000);
    }
}
