package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final List<Duration> DEFAULT = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));

    private static RetrySchedule schedule(double random) {
        return new RetrySchedule(DEFAULT, 0.2, Duration.ofSeconds(30), Duration.ofHours(6), () -> random);
    }

    @Test
    void shouldFollowTheConfiguredWaitsByFailureCount() {
        RetrySchedule noJitter = schedule(0.5);
        assertThat(noJitter.next(1, RetrySchedule.Failure.plain())).contains(Duration.ofMinutes(1));
        assertThat(noJitter.next(2, RetrySchedule.Failure.plain())).contains(Duration.ofMinutes(5));
        assertThat(noJitter.next(5, RetrySchedule.Failure.plain())).contains(Duration.ofHours(4));
    }

    @Test
    void shouldGiveUpAfterTheLastConfiguredRetry() {
        assertThat(schedule(0.5).next(6, RetrySchedule.Failure.plain())).isEmpty();
        assertThat(schedule(0.5).retries()).isEqualTo(5);
    }

    @Test
    void shouldKeepJitterWithinTwentyPercent() {
        assertThat(schedule(0.0).next(1, RetrySchedule.Failure.plain())).contains(Duration.ofSeconds(48));
        assertThat(schedule(0.999999).next(1, RetrySchedule.Failure.plain()).orElseThrow())
                .isBetween(Duration.ofMillis(71_999), Duration.ofSeconds(72));
    }

    @Test
    void shouldApplyTheFloorAfterATimeoutOr429() {
        RetrySchedule shortWaits = new RetrySchedule(List.of(Duration.ofSeconds(1)), 0.2, Duration.ofSeconds(30),
                Duration.ofHours(6), () -> 0.5);
        assertThat(shortWaits.next(1, new RetrySchedule.Failure(true, Optional.empty()))).contains(Duration.ofSeconds(30));
        assertThat(shortWaits.next(1, RetrySchedule.Failure.plain())).contains(Duration.ofSeconds(1));
    }

    @Test
    void shouldHonourRetryAfterWithinItsBound() {
        RetrySchedule s = schedule(0.5);
        assertThat(s.next(1, new RetrySchedule.Failure(true, Optional.of(Duration.ofMinutes(10)))))
                .contains(Duration.ofMinutes(10));
        assertThat(s.next(1, new RetrySchedule.Failure(true, Optional.of(Duration.ofDays(3)))))
                .contains(Duration.ofHours(6));
        // a Retry-After shorter than the schedule does not bring the retry forward
        assertThat(s.next(2, new RetrySchedule.Failure(false, Optional.of(Duration.ofSeconds(1)))))
                .contains(Duration.ofMinutes(5));
    }
}
