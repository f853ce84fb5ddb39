package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.PollRequest;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.inbound.InboundProcessor;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Runs on one event that overlap never make two Revel orders, and the exclusion lives in Postgres (the event's
 * advisory lock), not in this JVM: the webhook, scheduled and manual tiers all started at one latch while the fake
 * Revel holds lookups until two are in flight (so any two runs inside the find-then-create window would both
 * create), and a lock held from a plain JDBC session, as another replica would, makes a run wait or give up.
 */
class TripleSeatInjectionRaceTest extends OrderInjectionTestBase {

    private static final int EACH_TIER = 3;

    @Autowired
    InboundProcessor inbound;
    @Autowired
    TripleSeatReconcileListener scheduled;

    @AfterEach
    void answerLookupsAtOnce() {
        revel.holdLookups(0, Duration.ZERO);
    }

    @Test
    void shouldCreateExactlyOneRevelOrderWhenWebhookScheduledAndManualRunsRace() throws Exception {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Race", "DEFINITE", today(), FakeTripleSeat.item("Cake", "CK", 1, "80.00"));
        queued(v, eventId); // seen by an earlier webhook, so every bulk run picks it up too
        revel.holdLookups(2, Duration.ofSeconds(1));
        double injectedBefore = injections("outcome", "injected");

        List<Callable<String>> runs = new ArrayList<>();
        for (int i = 0; i < EACH_TIER; i++) {
            InboundWebhook webhook = webhookRecord(v, i == 0 ? "CREATE_EVENT" : "UPDATE_EVENT", eventId, "corr-wh-" + i);
            runs.add(() -> "webhook " + inbound.process(List.of(webhook)).block().failedIndex());
            PollRequest request = scheduledRequest(v, "corr-sched-" + i);
            runs.add(() -> {
                scheduled.onPollRequest(new ConsumerRecord<>(Topics.POLL_REQUESTS.name(), 0, 0L, v.tenant(), request));
                return "scheduled";
            });
            runs.add(() -> "bulk " + body(sync(v, "hours_back=48")));
            runs.add(() -> "single " + body(sync(v, "event_id=" + eventId)));
        }
        List<String> results = startTogether(runs);

        assertThat(results).hasSize(4 * EACH_TIER).filteredOn(r -> r.startsWith("webhook")).containsOnly("webhook -1");
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
        assertThat(revel.maxConcurrentLookups(v.tenant(), v.localId(eventId))).isEqualTo(1);
        assertThat(injections("outcome", "injected")).isEqualTo(injectedBefore + 1);
        assertThat(results).filteredOn(r -> r.startsWith("single"))
                .allSatisfy(r -> assertThat(r).containsAnyOf("\"status\":\"injected\"", "\"reason\":\"duplicate\""));
        Map<String, Object> row = injection(v.tenant(), eventId);
        assertThat(row.get("injected_at")).isNotNull();
        assertThat(row.get("revel_order_id")).isEqualTo(revel.order(v.tenant(), v.localId(eventId)).get("id").asText());
        assertThat(TopicProbe.await(Topics.PLATFORM_EVENTS, 1, WAIT, r -> r.value().getTenant().equals(v.tenant())))
                .hasSize(1);
    }

    @Test
    void shouldMakeARunWaitWhileAnotherReplicaHoldsTheEventsDatabaseLock() throws Exception {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Held", "DEFINITE", today(), FakeTripleSeat.item("Pie", "PI", 2, "20.00"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection otherReplica = TestStack.start().database().connect()) {
            lock(otherReplica, "pg_advisory_lock", v, eventId);
            Future<String> run = pool.submit(() -> body(sync(v, "event_id=" + eventId)));

            await("a run waiting for the event's lock").atMost(WAIT).until(() -> waitingForAdvisoryLocks() > 0);
            assertThat(revel.lookups(v.tenant(), v.localId(eventId))).isZero();
            assertThat(run.isDone()).isFalse();

            lock(otherReplica, "pg_advisory_unlock", v, eventId);
            assertThat(run.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("\"status\":\"injected\"");
        } finally {
            pool.shutdownNow();
        }
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
    }

    @Test
    void shouldSkipAsInProgressWhenAnotherReplicaHoldsTheEventPastTheLockTimeout() throws Exception {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Busy", "DEFINITE", today(), FakeTripleSeat.item("Pie", "PI", 2, "20.00"));
        try (Connection otherReplica = TestStack.start().database().connect()) {
            lock(otherReplica, "pg_advisory_lock", v, eventId);

            assertSingle(v, eventId, "skipped", "in_progress"); // after lock-timeout (10 s in these tests)

            lock(otherReplica, "pg_advisory_unlock", v, eventId);
        }
        assertThat(revel.lookups(v.tenant(), v.localId(eventId))).isZero();
        assertThat(rows("SELECT open FROM sync.tripleseat_event_queue WHERE tenant = ? AND event_id = ?", v.tenant(), eventId))
                .extracting(r -> r.get("open")).containsExactly(true);
        assertSingle(v, eventId, "injected", null);
    }

    /** Starts every run at one latch, each on its own thread, and answers their results in order. */
    private static List<String> startTogether(List<Callable<String>> runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        CountDownLatch ready = new CountDownLatch(runs.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (Callable<String> run : runs) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return run.call();
                }));
            }
            assertThat(ready.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : futures) {
                results.add(f.get(2 * WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String body(WebTestClient.ResponseSpec response) {
        return new String(response.expectStatus().isOk().expectBody().returnResult().getResponseBodyContent(),
                StandardCharsets.UTF_8);
    }

    /** Takes or releases the event's lock as sync-service keys it, in a session of its own (another replica). */
    private static void lock(Connection session, String function, Venue v, String eventId) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            ps.setString(1, "tripleseat-order:" + v.tenant() + ":" + eventId);
            ps.executeQuery().close();
        }
    }

    private static int waitingForAdvisoryLocks() {
        return ((Number) rows("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").get(0).get("n"))
                .intValue();
    }
}
