package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-endpoint in-flight bound: grows while latency holds, halves on overload, stays within its bounds. */
class AdaptiveConcurrencyTest {

    private static final long MS = 1_000_000L;

    private static void round(AdaptiveConcurrency c, long latencyMs) {
        int n = Math.max(c.limit(), 16);
        for (int i = 0; i < n; i++) {
            c.onAnswer(latencyMs * MS, false);
        }
    }

    @Test
    void shouldGrowByAQuarterEachRoundWhileTheMedianLatencyHolds() {
        AdaptiveConcurrency c = new AdaptiveConcurrency(32, 2, 256);
        round(c, 1);
        assertThat(c.limit()).isEqualTo(40);
        round(c, 1);
        assertThat(c.limit()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            round(c, 1);
        }
        assertThat(c.limit()).isEqualTo(256);
    }

    @Test
    void shouldStopGrowingWhenTheMedianLatencyRises() {
        AdaptiveConcurrency c = new AdaptiveConcurrency(32, 2, 256);
        round(c, 10);
        int before = c.limit();
        round(c, 40);
        assertThat(c.limit()).isEqualTo(before);
    }

    @Test
    void shouldHalveOnceARoundOnOverloadAndNeverGoBelowTheMinimum() {
        AdaptiveConcurrency c = new AdaptiveConcurrency(32, 2, 256);
        c.onAnswer(MS, true);
        c.onAnswer(MS, true);
        assertThat(c.limit()).isEqualTo(16);
        for (int r = 0; r < 10; r++) {
            round(c, 1); // closes the round without growth (it was overloaded), next overload halves again
            c.onAnswer(MS, true);
        }
        assertThat(c.limit()).isEqualTo(2);
    }
}
