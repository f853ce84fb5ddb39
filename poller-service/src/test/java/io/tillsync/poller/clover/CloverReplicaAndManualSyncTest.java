package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Two replicas draining at once split the merchants; a poll request from sync-service polls the tenant now. */
class CloverReplicaAndManualSyncTest extends CloverStackTestBase {

    @Autowired
    MerchantPoller poller;
    @Autowired
    CloverProperties properties;

    @Test
    void shouldNeverPollOneMerchantFromTwoReplicasAtOnce() throws Exception {
        List<String> merchants = List.of("MR1", "MR2", "MR3", "MR4");
        List<String> tenants = new ArrayList<>();
        for (String merchant : merchants) {
            String tenant = newTenant();
            tenants.add(tenant);
            connection(tenant, merchant, "tok-" + merchant);
            clover.items(merchant, "I", 2, OLD);
        }
        clover.latency(Duration.ofMillis(300));
        store.discover().block();
        CloverPollWorkers replicaB = new CloverPollWorkers(store, poller, properties, "replica-b");
        try {
            CompletableFuture<List<PollOutcome>> a = CompletableFuture.supplyAsync(() -> workers.drain(null));
            CompletableFuture<List<PollOutcome>> b = CompletableFuture.supplyAsync(() -> replicaB.drain(null));

            List<PollOutcome> all = new ArrayList<>(a.get());
            all.addAll(b.get());
            assertThat(all).hasSize(4).containsOnly(PollOutcome.COMPLETED);
        } finally {
            replicaB.destroy();
        }
        for (String merchant : merchants) {
            assertThat(clover.requests(merchant)).as(merchant).hasSize(1);
        }
        for (String tenant : tenants) {
            assertThat(changes(tenant)).hasSize(6);
        }
    }

    @Test
    void shouldPollTheTenantNowWhenSyncServiceAsksAndReadBackHoursBackWhenGiven() {
        String tenant = newTenant();
        // scheduled polling switched off for this merchant: only the manual request makes it poll
        String connection = connection(tenant, "MMANUAL", "tok-manual", "{\"polling_enabled\": false}");
        clover.items("MMANUAL", "I", 3, OLD);

        TopicProbe.send(Topics.POLL_REQUESTS, tenant, request(tenant, "corr-manual-1", null));

        List<CatalogChange> first = awaitChanges(tenant, 9);
        assertThat(first).allSatisfy(c -> assertThat(c.getCorrelationId()).isEqualTo("corr-manual-1"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(connection).pollCount() == 1
                && state(connection).leaseOwner() == null);
        MerchantState afterFirst = state(connection);
        assertThat(afterFirst.requestedAt()).isNull();

        PollRequest rewind = request(tenant, "corr-manual-2", 48);
        TopicProbe.send(Topics.POLL_REQUESTS, tenant, rewind);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(connection).pollCount() == 2
                && state(connection).leaseOwner() == null);
        List<FakeClover.Request> requests = clover.requests("MMANUAL");
        assertThat(requests).hasSize(2);
        long since = Long.parseLong(requests.get(1).query().get("filter").substring("modifiedTime>=".length()));
        assertThat(since).isEqualTo(rewind.getRequestedAt().minus(Duration.ofHours(48)).toEpochMilli());
        assertThat(state(connection).rewindTo()).isNull();
    }

    @Test
    void shouldIgnoreRequestsThatAreNotCloverCatalogPolls() {
        String tenant = newTenant();
        String connection = connection(tenant, "MOTHER", "tok-other", "{\"polling_enabled\": false}");
        clover.items("MOTHER", "I", 1, OLD);
        PollRequest square = PollRequest.newBuilder(request(tenant, "corr-sq", null)).setProvider("square").build();
        PollRequest reconcile = PollRequest.newBuilder(request(tenant, "corr-ts", null))
                .setKind(PollKind.TRIPLESEAT_RECONCILE).build();
        PollRequest clover = request(tenant, "corr-clover", null);

        TopicProbe.send(Topics.POLL_REQUESTS, tenant, square);
        TopicProbe.send(Topics.POLL_REQUESTS, tenant, reconcile);
        TopicProbe.send(Topics.POLL_REQUESTS, tenant, clover);

        // the requests share a partition (key = tenant), so once the clover one is served the others were seen
        assertThat(awaitChanges(tenant, 3)).allSatisfy(c -> assertThat(c.getCorrelationId()).isEqualTo("corr-clover"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(connection).leaseOwner() == null);
        assertThat(state(connection).pollCount()).isEqualTo(1);
    }

    private static PollRequest request(String tenant, String correlationId, Integer hoursBack) {
        return PollRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setTenant(tenant)
                .setKind(PollKind.CATALOG).setTrigger(PollTrigger.MANUAL).setHoursBack(hoursBack)
                .setRequestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setCorrelationId(correlationId).build();
    }
}
