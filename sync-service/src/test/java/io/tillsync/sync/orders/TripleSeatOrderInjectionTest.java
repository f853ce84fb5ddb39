package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.OrderEvent;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.security.ApiKeyStore;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The three tiers of TripleSeat → Revel order injection on the real broker, registry and Postgres, with local fakes
 * of TripleSeat and Revel: webhooks through {@code webhooks.inbound}, the sync endpoint, and reconcile requests on
 * {@code poll.requests}.
 */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tillsync.security.operator-key=" + TripleSeatOrderInjectionTest.OPERATOR_KEY,
                "tillsync.kafka.retry.initial-interval-ms=50"})
class TripleSeatOrderInjectionTest {

    static final String OPERATOR_KEY = "operator-test-key";
    private static final ZoneId VENUE = ZoneId.of("America/Chicago");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FakeTripleSeat tripleseat;
    private static FakeRevel revel;

    @Autowired
    WebTestClient web;
    @Autowired
    SecretBox secrets;
    @Autowired
    ApiKeyStore keys;

    @BeforeAll
    static void startFakes() throws Exception {
        tripleseat = new FakeTripleSeat();
        revel = new FakeRevel();
    }

    @AfterAll
    static void stopFakes() {
        tripleseat.close();
        revel.close();
    }

    @Test
    void shouldInjectNewEventOnceWhenTripleSeatWebhookArrives() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Smith wedding", "DEFINITE", today(),
                FakeTripleSeat.item("Tacos", "TAC-1", 40, "12.50"), FakeTripleSeat.item("Lemonade", "LEM-1", 40, "3.25"));

        webhook(v, "CREATE_EVENT", eventId);

        Map<String, Object> row = awaitOutcome(v.tenant, eventId, "injected");
        String localId = "Triple Seat_" + eventId;
        assertThat(revel.creates(v.tenant, localId)).isEqualTo(1);
        assertThat(row.get("revel_order_id")).isEqualTo(revel.order(v.tenant, localId).get("id").asText());
        assertThat(row.get("trigger")).isEqualTo("webhook");
        assertThat(revel.order(v.tenant, localId).get("items")).hasSize(2);
        assertThat(revel.order(v.tenant, localId).get("items").get(0).get("price").decimalValue())
                .isEqualByComparingTo("12.50");
        List<PlatformEvent> announced = TopicProbe.await(Topics.PLATFORM_EVENTS, 1, WAIT,
                r -> r.value().getTenant().equals(v.tenant)).stream().map(r -> r.value()).toList();
        assertThat(announced).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("order.injected");
            OrderEvent data = (OrderEvent) e.getData();
            assertThat(data.getSourceId()).isEqualTo(eventId);
            assertThat(data.getTargetOrderId()).isEqualTo(row.get("revel_order_id"));
        });
    }

    @Test
    void shouldSkipDuplicateWebhookOfAnEventAlreadyInjected() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Board dinner", "DEFINITE", today(), FakeTripleSeat.item("Steak", "STK", 12, "38.00"));
        webhook(v, "CREATE_EVENT", eventId);
        awaitOutcome(v.tenant, eventId, "injected");

        webhook(v, "UPDATE_EVENT", eventId);

        await().atMost(WAIT).until(() -> ((Number) injection(v.tenant, eventId).get("attempts")).intValue() == 2);
        Map<String, Object> row = injection(v.tenant, eventId);
        assertThat(row.get("outcome")).isEqualTo("skipped");
        assertThat(row.get("reason")).isEqualTo("duplicate");
        assertThat(row.get("injected_at")).isNotNull();
        assertThat(revel.creates(v.tenant, "Triple Seat_" + eventId)).isEqualTo(1);
    }

    @Test
    void shouldInjectEventWhoseUpdateWebhookWasMissedWhenScheduledReconcileRuns() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Gala", "DEFINITE", today().plusDays(9), FakeTripleSeat.item("Wine", "W1", 30, "9.00"));
        webhook(v, "CREATE_EVENT", eventId);
        awaitOutcome(v.tenant, eventId, "skipped");
        assertThat(injection(v.tenant, eventId).get("reason")).isEqualTo("outside_time_gate");
        // The event moves to today; TripleSeat's UPDATE_EVENT webhook never arrives.
        tripleseat.put(v.tenant, eventId, "Gala", "DEFINITE", today(), FakeTripleSeat.item("Wine", "W1", 30, "9.00"));

        TopicProbe.send(Topics.POLL_REQUESTS, v.tenant, PollRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setTenant(v.tenant).setConnectionId(v.tripleseatId)
                .setProvider("tripleseat").setKind(PollKind.TRIPLESEAT_RECONCILE).setTrigger(PollTrigger.SCHEDULED)
                .setHoursBack(48).setRequestedAt(Instant.now()).setCorrelationId("corr-" + eventId).build());

        Map<String, Object> row = awaitOutcome(v.tenant, eventId, "injected");
        assertThat(row.get("trigger")).isEqualTo("scheduled");
        assertThat(row.get("correlation_id")).isEqualTo("corr-" + eventId);
        assertThat(revel.creates(v.tenant, "Triple Seat_" + eventId)).isEqualTo(1);
    }

    @Test
    void shouldRecordFailureWhenRevelIsDownThenInjectOnNextBulkRun() {
        Venue v = venue("{\"revel_local_id_format\":\"TS-{event_id}\"}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Offsite", "DEFINITE", today().plusDays(1), FakeTripleSeat.item("Pizza", "PZ", 10, "15.00"));
        revel.down(v.tenant, true);

        webhook(v, "CREATE_EVENT", eventId);

        Map<String, Object> failed = awaitOutcome(v.tenant, eventId, "failed");
        assertThat((String) failed.get("error")).contains("revel").contains("503").doesNotContain(v.revelToken);
        revel.down(v.tenant, false);

        web.get().uri("/api/sync/tripleseat?hours_back=48").header("Authorization", "Bearer " + v.tenantKey)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.mode").isEqualTo("bulk")
                .jsonPath("$.correlation_id").isNotEmpty()
                .jsonPath("$.summary.queried").isEqualTo(1)
                .jsonPath("$.summary.injected").isEqualTo(1)
                .jsonPath("$.summary.failed").isEqualTo(0)
                .jsonPath("$.events[0].id").isEqualTo(eventId)
                .jsonPath("$.events[0].status").isEqualTo("injected")
                .jsonPath("$.events[0].date").isEqualTo(today().plusDays(1).toString())
                .jsonPath("$.events[0].revel_order_id").isNotEmpty();
        assertThat(revel.creates(v.tenant, "TS-" + eventId)).isEqualTo(1);
    }

    @Test
    void shouldSkipEventsOutsideTheVenueTimeGateAndCancelledEvents() {
        Venue v = venue("{\"order_days_ahead\":2}");
        String tooLate = eventId();
        String yesterday = eventId();
        String cancelled = eventId();
        String inGate = eventId();
        tripleseat.put(v.tenant, tooLate, "Later", "DEFINITE", today().plusDays(3), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant, yesterday, "Past", "DEFINITE", today().minusDays(1), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant, cancelled, "Off", "CANCELLED", today(), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant, inGate, "Soon", "DEFINITE", today().plusDays(2), FakeTripleSeat.item("A", "A", 1, "1.00"));

        assertSingle(v, tooLate, "skipped", "outside_time_gate");
        assertSingle(v, yesterday, "skipped", "outside_time_gate");
        assertSingle(v, cancelled, "skipped", "cancelled");
        assertSingle(v, inGate, "injected", null);
        assertThat(revel.creates(v.tenant, "Triple Seat_" + tooLate)).isZero();
        assertThat(revel.creates(v.tenant, "Triple Seat_" + yesterday)).isZero();
        assertThat(revel.creates(v.tenant, "Triple Seat_" + cancelled)).isZero();
        // Only the future event stays queued for later runs; past and cancelled events leave the queue.
        assertThat(rows("SELECT event_id FROM sync.tripleseat_event_queue WHERE tenant = ? AND open", v.tenant))
                .extracting(r -> r.get("event_id")).containsExactly(tooLate);
    }

    @Test
    void shouldCreateExactlyOneRevelOrderWhenWebhookAndBulkRunsRace() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Race", "DEFINITE", today(), FakeTripleSeat.item("Cake", "CK", 1, "80.00"));
        // Queued as by an earlier webhook, so every bulk run below picks the event up too.
        rows("INSERT INTO sync.tripleseat_event_queue (tenant, event_id, connection_id, first_seen_at, last_seen_at,"
                + " last_trigger) VALUES (?, ?, ?, now(), now(), 'CREATE_EVENT') RETURNING event_id", v.tenant, eventId, v.tripleseatId);
        revel.lookupLatency(Duration.ofMillis(300));
        try {
            List<CompletableFuture<?>> runs = new ArrayList<>();
            runs.add(CompletableFuture.runAsync(() -> webhook(v, "CREATE_EVENT", eventId)));
            for (int i = 0; i < 3; i++) {
                runs.add(CompletableFuture.runAsync(() -> web.get().uri("/api/sync/tripleseat?hours_back=48")
                        .header("Authorization", "Bearer " + v.tenantKey).exchange().expectStatus().isOk()));
            }
            runs.add(CompletableFuture.runAsync(() -> web.get().uri("/api/sync/tripleseat?event_id=" + eventId)
                    .header("Authorization", "Bearer " + v.tenantKey).exchange().expectStatus().isOk()));
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();

            // webhook + 3 bulk runs + 1 single run = 5 attempts, exactly one of which created the order
            await().atMost(WAIT).until(() -> ((Number) injection(v.tenant, eventId).get("attempts")).intValue() == 5);
            assertThat(revel.creates(v.tenant, "Triple Seat_" + eventId)).isEqualTo(1);
            assertThat(injection(v.tenant, eventId).get("injected_at")).isNotNull();
        } finally {
            revel.lookupLatency(Duration.ZERO);
        }
    }

    @Test
    void shouldFindOrderInRevelInsteadOfCreatingItWhenOurRecordIsLost() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant, eventId, "Retry", "DEFINITE", today(), FakeTripleSeat.item("Cake", "CK", 1, "80.00"));
        assertSingle(v, eventId, "injected", null);
        // As after a crash between Revel's answer and our commit: the order exists, our row does not.
        rows("DELETE FROM sync.order_injection WHERE tenant = ? RETURNING event_id", v.tenant);

        assertSingle(v, eventId, "skipped", "duplicate");

        assertThat(revel.creates(v.tenant, "Triple Seat_" + eventId)).isEqualTo(1);
        assertThat(injection(v.tenant, eventId).get("revel_order_id"))
                .isEqualTo(revel.order(v.tenant, "Triple Seat_" + eventId).get("id").asText());
    }

    @Test
    void shouldAnswer403WhenTenantKeyAsksForAnotherTenant() {
        Venue mine = venue("{}");
        Venue theirs = venue("{}");
        web.get().uri("/api/sync/tripleseat?hours_back=48&tenant=" + theirs.tenant)
                .header("Authorization", "Bearer " + mine.tenantKey)
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("forbidden");
    }

    @Test
    void shouldAnswer401WithoutApiKeyAnd400WhenOperatorNamesNoTenant() {
        web.get().uri("/api/sync/tripleseat?hours_back=48").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized");
        web.get().uri("/api/sync/tripleseat?hours_back=48").header("Authorization", "Bearer " + OPERATOR_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("tenant_required");
    }

    @Test
    void shouldAnswer404WhenTenantHasNoTripleSeatConnection() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        web.get().uri("/api/sync/tripleseat?event_id=123&tenant=" + tenant).header("Authorization", "Bearer " + OPERATOR_KEY)
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A tenant with a tripleseat connection (venue in Chicago) and a revel connection, both on the fakes. */
    private record Venue(String tenant, String tripleseatId, String revelId, String tenantKey, String revelToken) {
    }

    private Venue venue(String extraSettings) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        String tsToken = "ts-" + UUID.randomUUID();
        String revelToken = "key:" + UUID.randomUUID();
        String settings = extraSettings.replaceFirst("^\\{", "{\"timezone\":\"" + VENUE + "\"" + (extraSettings.equals("{}") ? "" : ","));
        String tsId = "con_" + UUID.randomUUID();
        String revelId = "con_" + UUID.randomUUID();
        insertConnection(tsId, tenant, "tripleseat", "site-1", tripleseat.baseUrl(tenant, tsToken), tsToken, settings);
        insertConnection(revelId, tenant, "revel", "/enterprise/Establishment/1/", revel.baseUrl(tenant, revelToken), revelToken, "{}");
        String key = keys.issue(tenant, "orders-test").block().key();
        return new Venue(tenant, tsId, revelId, key, revelToken);
    }

    private void insertConnection(String id, String tenant, String provider, String account, String baseUrl, String token,
            String settings) {
        rows("INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url, settings)"
                + " VALUES (?, ?, ?, ?, 'active', ?, ?, CAST(? AS jsonb)) RETURNING id",
                id, tenant, provider, account, secrets.encrypt(token), baseUrl, settings);
    }

    private static void webhook(Venue v, String trigger, String eventId) {
        String updatedAt = Instant.now().toString();
        String body = """
                {"webhook_trigger_type":"%s","message":"Event changed","object":{"id":%s,"updated_at":"%s"}}"""
                .formatted(trigger, eventId, updatedAt);
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, v.tripleseatId, InboundWebhook.newBuilder()
                .setId(UUID.randomUUID().toString()).setTenant(v.tenant).setConnectionId(v.tripleseatId)
                .setProvider("tripleseat").setEventType(trigger)
                .setExternalEventId(trigger + ":" + eventId + ":" + updatedAt)
                .setReceivedAt(Instant.now()).setHeaders(Map.of()).setContentType("application/json")
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build());
    }

    private void assertSingle(Venue v, String eventId, String status, String reason) {
        web.get().uri("/api/sync/tripleseat?event_id=" + eventId).header("Authorization", "Bearer " + v.tenantKey)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mode").isEqualTo("single")
                .jsonPath("$.summary.queried").isEqualTo(1)
                .jsonPath("$.events[0].id").isEqualTo(eventId)
                .jsonPath("$.events[0].status").isEqualTo(status)
                .jsonPath("$.events[0].reason").isEqualTo(reason);
    }

    private static Map<String, Object> awaitOutcome(String tenant, String eventId, String outcome) {
        await("outcome " + outcome + " of event " + eventId).atMost(WAIT).until(() -> {
            Map<String, Object> row = injection(tenant, eventId);
            return row != null && outcome.equals(row.get("outcome"));
        });
        return injection(tenant, eventId);
    }

    private static Map<String, Object> injection(String tenant, String eventId) {
        List<Map<String, Object>> found = rows("SELECT * FROM sync.order_injection WHERE tenant = ? AND event_id = ?", tenant, eventId);
        return found.isEmpty() ? null : found.get(0);
    }

    private static LocalDate today() {
        return LocalDate.now(VENUE);
    }

    private static String eventId() {
        return String.valueOf(100_000 + (long) (Math.random() * 900_000_000L));
    }

    private static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
