package io.tillsync.poller.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.Correlation;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The safety net of TripleSeat → Revel order injection: on each tick, for every active tripleseat connection (read
 * from {@code sync.poller_connection}), claims the firing in {@link ReconcileLease} and publishes a
 * {@code TRIPLESEAT_RECONCILE} {@link PollRequest} (trigger SCHEDULED) to {@code poll.requests}; sync-service runs
 * the bulk reconciliation. With several replicas each connection is asked for once per interval.
 */
@Component
public class TripleSeatReconcileScheduler {

    static final String JOB = "tripleseat_reconcile";
    private static final Logger log = LoggerFactory.getLogger(TripleSeatReconcileScheduler.class);

    private final DatabaseClient db;
    private final ReconcileLease lease;
    private final TopicPublisher<PollRequest> pollRequests;
    private final ReconcileProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String replica;

    public TripleSeatReconcileScheduler(DatabaseClient db, ReconcileLease lease, TopicPublishers publishers,
            ReconcileProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        this.db = db;
        this.lease = lease;
        this.pollRequests = publishers.forTopic(Topics.POLL_REQUESTS);
        this.properties = properties;
        this.meters = meters;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        this.replica = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The connections to reconcile. */
    record Target(String connectionId, String tenant) {
    }

    /** One tick: publishes a request per connection this replica won; answers how many it published. */
    public Mono<Long> fire() {
        return db.sql("""
                SELECT id, tenant FROM sync.poller_connection
                WHERE provider = 'tripleseat' AND status = 'active' ORDER BY tenant, id""")
                .map(row -> new Target(row.get("id", String.class), row.get("tenant", String.class))).all()
                .concatMap(target -> lease.claim(JOB, target.connectionId(), target.tenant(), replica, properties.minimumGap())
                        .filter(Boolean::booleanValue)
                        .flatMap(won -> publish(target)
                                .onErrorResume(e -> {
                                    log.error("reconcile request for tripleseat connection {} of tenant {} not published",
                                            target.connectionId(), target.tenant(), e);
                                    return lease.release(JOB, target.connectionId(), replica).then(Mono.empty());
                                })))
                .count();
    }

    private Mono<Boolean> publish(Target target) {
        String correlationId = Correlation.newId();
        PollRequest request = PollRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTenant(target.tenant())
                .setConnectionId(target.connectionId())
                .setProvider("tripleseat")
                .setKind(PollKind.TRIPLESEAT_RECONCILE)
                .setTrigger(PollTrigger.SCHEDULED)
                .setHoursBack(properties.hoursBack())
                .setRequestedAt(clock.instant())
                .setCorrelationId(correlationId)
                .build();
        return pollRequests.sendForResult(target.tenant(), request, correlationId).map(sent -> {
            meters.counter("tillsync.reconcile.requests", "provider", "tripleseat").increment();
            MDC.put(Correlation.MDC_KEY, correlationId);
            try {
                log.info("asked sync-service to reconcile tripleseat connection {} of tenant {} ({} h, correlation_id={})",
                        target.connectionId(), target.tenant(), properties.hoursBack(), correlationId);
            } finally {
                MDC.remove(Correlation.MDC_KEY);
            }
            return true;
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "poller";
        }
    }
}
