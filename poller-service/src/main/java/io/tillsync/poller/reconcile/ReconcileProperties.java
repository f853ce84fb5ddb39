package io.tillsync.poller.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduled TripleSeat reconciliation (safety net of order injection).
 *
 * @param enabled      whether this replica schedules it at all
 * @param interval     time between runs ({@code TRIPLESEAT_RECONCILE_INTERVAL}, default 45 minutes)
 * @param initialDelay wait after start-up before the first run
 * @param hoursBack    the bulk window asked of sync-service
 */
@ConfigurationProperties("tillsync.reconcile.tripleseat")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("45m") Duration interval,
        @DefaultValue("1m") Duration initialDelay,
        @DefaultValue("48") int hoursBack) {

    /** Two firings for one connection closer than this are one too many (replicas ticking out of phase). */
    public Duration minimumGap() {
        return interval.dividedBy(2);
    }
}
