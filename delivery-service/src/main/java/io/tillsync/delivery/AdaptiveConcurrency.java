package io.tillsync.delivery;

import java.util.Arrays;

/**
 * How many sends one endpoint may have in flight, adapted to its answers (additive increase, multiplicative
 * decrease). It starts at {@code initial}; after each round (as many answers as the current bound, at least 16) it
 * grows by a quarter while the round's median latency holds (within 1.5 × the best median seen plus 2 ms) and the
 * round had no overload; an overload (429, 5xx or a timeout) halves it at once, at most once per round, never below
 * {@code min}. The best median drifts up by 2% a round, so an endpoint that got slower for good is judged by its new
 * pace after a while.
 */
public final class AdaptiveConcurrency {

    private static final int MIN_ROUND = 16;

    private final int min;
    private final int max;
    private final long[] round;
    private int limit;
    private int answered;
    private boolean overloadedThisRound;
    private double bestMedianMs = Double.NaN;

    public AdaptiveConcurrency(int initial, int min, int max) {
        this.min = Math.max(1, min);
        this.max = Math.max(this.min, max);
        this.limit = Math.max(this.min, Math.min(initial, this.max));
        this.round = new long[Math.max(this.max, MIN_ROUND)];
    }

    public synchronized int limit() {
        return limit;
    }

    /** One answer: how long it took, and whether it said the endpoint is overloaded. */
    public synchronized void onAnswer(long latencyNanos, boolean overloaded) {
        if (overloaded) {
            if (!overloadedThisRound) {
                limit = Math.max(min, limit / 2);
                overloadedThisRound = true;
            }
            return;
        }
        round[answered++] = latencyNanos;
        if (answered < Math.max(limit, MIN_ROUND)) {
            return;
        }
        long[] sorted = Arrays.copyOf(round, answered);
        Arrays.sort(sorted);
        double medianMs = sorted[answered / 2] / 1e6;
        boolean holds = Double.isNaN(bestMedianMs) || medianMs <= bestMedianMs * 1.5 + 2;
        bestMedianMs = Double.isNaN(bestMedianMs) ? medianMs : Math.min(bestMedianMs * 1.02, medianMs);
        if (holds && !overloadedThisRound) {
            limit = Math.min(max, limit + Math.max(1, limit / 4));
        }
        answered = 0;
        overloadedThisRound = false;
    }
}
