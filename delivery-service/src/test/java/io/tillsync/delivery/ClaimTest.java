package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.delivery.store.ClaimedDelivery;
import io.tillsync.delivery.store.DeliveryStore;
import io.tillsync.delivery.store.NewMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Postgres work queue as replicas see it: concurrent claimers (two here, plus the application's own worker)
 * never lease the same delivery, and a delivery leased by a replica that then dies comes back after the lease.
 */
class ClaimTest extends DeliveryIntegrationTest {

    @Autowired
    DeliveryStore store;
    @Autowired
    DeliveryWorker worker;

    @Test
    void shouldGiveEachDueDeliveryToExactlyOneClaimer() throws Exception {
        createEndpoint("/queue", List.of());
        int count = 300;
        CompletableFuture<List<UUID>> a;
        CompletableFuture<List<UUID>> b;
        Set<UUID> all;
        worker.stop(); // the deliveries are all due before anyone claims, so every claimer starts with work
        try {
            store.fanOut(messages(count)).block(seconds(30));
            all = ids("SELECT id FROM delivery.delivery WHERE tenant = ?");
            assertThat(all).hasSize(count);
            // two "replicas" claim as fast as they can while the application's worker claims and sends too
            a = CompletableFuture.supplyAsync(this::claimUntilNothingIsDue);
            b = CompletableFuture.supplyAsync(this::claimUntilNothingIsDue);
        } finally {
            worker.start();
        }
        List<UUID> claimedByA = a.get();
        List<UUID> claimedByB = b.get();

        Set<UUID> byTests = new HashSet<>(claimedByA);
        byTests.addAll(claimedByB);
        assertThat(byTests).as("the test claimers got a share").isNotEmpty();
        assertThat(byTests).hasSize(claimedByA.size() + claimedByB.size());
        await().atMost(seconds(60)).until(() -> ids("SELECT delivery_id AS id FROM delivery.message_attempt "
                + "WHERE tenant = ?").size() + byTests.size() == count);
        Set<UUID> sentByWorker = ids("SELECT delivery_id AS id FROM delivery.message_attempt WHERE tenant = ?");
        assertThat(sentByWorker).doesNotContainAnyElementsOf(byTests);
        Set<UUID> union = new HashSet<>(sentByWorker);
        union.addAll(byTests);
        assertThat(union).isEqualTo(all);
        List<String> webhookIds = receiver.requests("/queue").stream().map(r -> r.header("webhook-id")).toList();
        assertThat(webhookIds).doesNotHaveDuplicates().hasSize(sentByWorker.size());
    }

    @Test
    void shouldSendADeliveryAgainWhenTheReplicaThatLeasedItDied() {
        createEndpoint("/orphan", List.of());
        List<ClaimedDelivery> claimed;
        worker.stop(); // this replica's worker pauses so the "dying replica" below is the one that claims
        try {
            store.fanOut(messages(1)).block(seconds(30));
            claimed = claimOwn(Duration.ofSeconds(2));
        } finally {
            worker.start();
        }
        Instant claimedAt = Instant.now();
        assertThat(claimed).hasSize(1);

        // the claimer died holding its lease: once the lease runs out the running worker sends the delivery
        await().atMost(seconds(30)).until(() -> receiver.requests("/orphan").size() == 1);
        assertThat(Duration.between(claimedAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        await().atMost(seconds(30)).until(() -> "SUCCEEDED".equals(
                query("SELECT status FROM delivery.delivery WHERE tenant = ?", tenant).get(0).get("status")));
    }

    @Test
    void shouldKeepARenewedLeaseAndLeaveARecordedDeliveryAsTheRecordSetIt() {
        createEndpoint("/renewed", List.of());
        List<ClaimedDelivery> claimed;
        worker.stop();
        try {
            store.fanOut(messages(2)).block(seconds(30));
            claimed = claimOwn(Duration.ofSeconds(1));
            assertThat(claimed).hasSize(2);
            ClaimedDelivery sending = claimed.get(0);
            ClaimedDelivery recorded = claimed.get(1);
            store.record(List.of(new io.tillsync.delivery.store.AttemptRecord(UUID.randomUUID(), recorded.id(),
                    recorded.endpointId(), recorded.attempts(), false, 500, null, null, "HTTP 500", 5, "scheduled",
                    Instant.now(), io.tillsync.delivery.store.DeliveryStatus.PENDING, 3_600_000)), List.of(), 10, Duration.ZERO).block(seconds(30));

            store.renew(java.util.Map.of(sending.id(), sending.attempts(), recorded.id(), recorded.attempts()),
                    Duration.ofMinutes(5)).block(seconds(30));

            // past the first lease: the renewed one is still leased, the recorded one waits for its retry in an hour
            await().pollDelay(Duration.ofMillis(1500)).atMost(seconds(30)).until(() -> true);
            assertThat(claimOwn(Duration.ofSeconds(30))).isEmpty();
            assertThat(query("SELECT next_attempt_at > now() + interval '50 minutes' AS later FROM delivery.delivery "
                    + "WHERE id = ?", recorded.id()).get(0).get("later")).isEqualTo(true);
        } finally {
            worker.start();
        }
    }

    private List<ClaimedDelivery> claimOwn(Duration lease) {
        List<ClaimedDelivery> claimed = store.claim(50, List.of(), lease).collectList().block(seconds(30));
        List<ClaimedDelivery> own = claimed.stream().filter(c -> c.tenant().equals(tenant)).toList();
        store.release(claimed.stream().filter(c -> !c.tenant().equals(tenant)).map(ClaimedDelivery::id).toList(), Duration.ZERO)
                .block(seconds(30));
        return own;
    }

    private List<UUID> claimUntilNothingIsDue() {
        List<UUID> mine = new ArrayList<>();
        List<UUID> others = new ArrayList<>();
        for (int empty = 0; empty < 3; ) {
            List<ClaimedDelivery> batch = store.claim(20, List.of(), Duration.ofMinutes(5)).collectList()
                    .block(seconds(30));
            batch.forEach(c -> (c.tenant().equals(tenant) ? mine : others).add(c.id()));
            empty = batch.isEmpty() ? empty + 1 : 0;
        }
        store.release(others, Duration.ZERO).block(seconds(30)); // other tests' deliveries go back to the application's worker
        return mine;
    }

    private List<NewMessage> messages(int count) {
        List<NewMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new NewMessage(UUID.randomUUID(), tenant, "ev-" + UUID.randomUUID(), "sale.created", Instant.now(),
                    "{\"type\":\"sale.created\",\"n\":" + i + "}", null, Instant.now(), null));
        }
        return out;
    }

    private Set<UUID> ids(String sql) {
        return query(sql, tenant).stream().map(r -> (UUID) r.get("id")).collect(Collectors.toSet());
    }
}
