package io.tillsync.poller.reconcile;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules {@link TripleSeatReconcileScheduler#fire()} every {@code tillsync.reconcile.tripleseat.interval}
 * (fixed delay, after {@code initial-delay}); a failed tick is logged and the schedule goes on.
 */
@Configuration
@EnableScheduling
public class ReconcileSchedulingConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedulingConfiguration.class);

    private final TripleSeatReconcileScheduler scheduler;
    private final ReconcileProperties properties;

    public ReconcileSchedulingConfiguration(TripleSeatReconcileScheduler scheduler, ReconcileProperties properties) {
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.enabled()) {
            log.info("scheduled TripleSeat reconciliation disabled on this replica");
            return;
        }
        registrar.addFixedDelayTask(new FixedDelayTask(this::tick, properties.interval(), properties.initialDelay()));
    }

    private void tick() {
        try {
            Long published = scheduler.fire().block(Duration.ofMinutes(5));
            log.debug("tripleseat reconcile tick: {} request(s) published", published);
        } catch (RuntimeException e) {
            log.error("tripleseat reconcile tick failed; next tick in {}", properties.interval(), e);
        }
    }
}
