package io.tillsync.poller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TopicProbe;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Two poller replicas firing the TripleSeat reconciliation at the same moment ask sync-service once per connection,
 * and only for active tripleseat connections. The schedule itself is parked (1 h) so only the test fires.
 */
@StackTest
@SpringBootTest(properties = {"tillsync.reconcile.tripleseat.interval=1h",
        "tillsync.reconcile.tripleseat.initial-delay=1h"})
class TripleSeatReconcileSchedulerTest {

    @Autowired
    TripleSeatReconcileScheduler replicaA;
    @Autowired
    DatabaseClient db;
    @Autowired
    ReconcileLease lease;
    @Autowired
    TopicPublishers publishers;
    @Autowired
    ReconcileProperties properties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ObjectProvider<Clock> clock;

    @BeforeAll
    static void registry() {
        ReconcileTestSupport.migrateSyncSchema();
    }

    @Test
    void shouldPublishOneReconcileRequestPerConnectionWhenTwoReplicasFireAtOnce() {
        String tenant = ReconcileTestSupport.newTenant();
        String connectionId = ReconcileTestSupport.connection(tenant, "tripleseat", "active");
        TripleSeatReconcileScheduler replicaB = new TripleSeatReconcileScheduler(db, lease, publishers, properties, meters, clock);

        Mono.zip(replicaA.fire().subscribeOn(Schedulers.parallel()), replicaB.fire().subscribeOn(Schedulers.parallel()))
                .block();

        List<ConsumerRecord<String, PollRequest>> requests = TopicProbe.readAll(Topics.POLL_REQUESTS,
                r -> r.value().getTenant().equals(tenant));
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(tenant);
            PollRequest request = r.value();
            assertThat(request.getKind()).isEqualTo(PollKind.TRIPLESEAT_RECONCILE);
            assertThat(request.getTrigger()).isEqualTo(PollTrigger.SCHEDULED);
            assertThat(request.getConnectionId()).isEqualTo(connectionId);
            assertThat(request.getHoursBack()).isEqualTo(48);
            assertThat(request.getCorrelationId()).isNotBlank();
        });
    }

    @Test
    void shouldNotFireAgainWithinHalfAnInterval() {
        String tenant = ReconcileTestSupport.newTenant();
        ReconcileTestSupport.connection(tenant, "tripleseat", "active");

        replicaA.fire().block();
        replicaA.fire().block();

        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS, r -> r.value().getTenant().equals(tenant))).hasSize(1);
    }

    @Test
    void shouldIgnoreDisabledAndNonTripleSeatConnections() {
        String disabled = ReconcileTestSupport.newTenant();
        String clover = ReconcileTestSupport.newTenant();
        ReconcileTestSupport.connection(disabled, "tripleseat", "disabled");
        ReconcileTestSupport.connection(clover, "clover", "active");

        replicaA.fire().block();

        assertThat(TopicProbe.readAll(Topics.POLL_REQUESTS,
                r -> r.value().getTenant().equals(disabled) || r.value().getTenant().equals(clover))).isEmpty();
    }
}
