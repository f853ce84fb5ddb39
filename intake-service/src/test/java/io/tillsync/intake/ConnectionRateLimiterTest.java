package io.tillsync.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectionRateLimiterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void shouldAllowTheConfiguredRatePerConnectionThenAskToWait() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, clock);
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.acquire("b")).isZero();
    }

    @Test
    void shouldRefillContinuously() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60, clock);
        for (int i = 0; i < 60; i++) {
            limiter.acquire("a");
        }
        now.set(now.get().plusSeconds(1));
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }
}
