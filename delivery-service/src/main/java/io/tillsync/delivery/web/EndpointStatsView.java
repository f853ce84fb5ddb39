package io.tillsync.delivery.web;

import io.tillsync.delivery.store.DeliveryLog;

/**
 * An endpoint's recent record: attempts, success rate and p50/p99 latency over the last hour and the last day (all
 * replicas, from the attempt log), and its current in-flight bound on the replica that answered.
 */
public record EndpointStatsView(String endpointId, Window lastHour, Window lastDay, int currentConcurrency) {

    /** Attempts in a window; rate and latencies are null when there were none. */
    public record Window(long attempts, long succeeded, Double successRate, Double p50LatencyMs, Double p99LatencyMs) {

        static Window of(DeliveryLog.AttemptStats s) {
            return new Window(s.attempts(), s.succeeded(),
                    s.attempts() == 0 ? null : (double) s.succeeded() / s.attempts(), s.p50Ms(), s.p99Ms());
        }
    }
}
