package io.tillsync.poller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollTrigger;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The configured interval drives the safety net: with a 2 s interval, a new tripleseat connection is asked for on
 * each tick. The context is closed afterwards so its fast schedule does not fire into other test classes.
 */
@StackTest
@DirtiesContext
@SpringBootTest(properties = {"tillsync.reconcile.tripleseat.interval=2s",
        "tillsync.reconcile.tripleseat.initial-delay=0s"})
class ReconcileScheduleTest {

    @BeforeAll
    static void registry() {
        ReconcileTestSupport.migrateSyncSchema();
    }

    @Test
    void shouldPublishScheduledReconcileRequestOnEachIntervalForTripleSeatConnection() {
        String tenant = ReconcileTestSupport.newTenant();
        String connectionId = ReconcileTestSupport.connection(tenant, "tripleseat", "active");

        var requests = TopicProbe.await(Topics.POLL_REQUESTS, 2, Duration.ofSeconds(30),
                r -> r.value().getTenant().equals(tenant));

        assertThat(requests).allSatisfy(r -> {
            assertThat(r.value().getKind()).isEqualTo(PollKind.TRIPLESEAT_RECONCILE);
            assertThat(r.value().getTrigger()).isEqualTo(PollTrigger.SCHEDULED);
            assertThat(r.value().getConnectionId()).isEqualTo(connectionId);
        });
        assertThat(requests.get(1).value().getRequestedAt())
                .isAfterOrEqualTo(requests.get(0).value().getRequestedAt().plusSeconds(1));
    }
}
