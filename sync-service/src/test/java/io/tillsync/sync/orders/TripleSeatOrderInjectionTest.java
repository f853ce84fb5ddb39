package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.OrderEvent;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.kit.Correlation;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The three tiers of TripleSeat → Revel order injection on the real broker, registry and Postgres, with local fakes
 * of TripleSeat and Revel: webhooks as intake records them on {@code webhooks.inbound}, the sync endpoint, and the
 * reconcile requests poller-service publishes on {@code poll.requests}; outcomes, metrics, logs and access rules.
 */
class TripleSeatOrderInjectionTest extends OrderInjectionTestBase {

    @Test
    void shouldInjectNewEventOnceWhenTripleSeatWebhookArrives() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Smith wedding", "DEFINITE", today(),
                FakeTripleSeat.item("Tacos", "TAC-1", 40, "12.50"), FakeTripleSeat.item("Lemonade", "LEM-1", 40, "3.25"));

        webhook(v, "CREATE_EVENT", eventId);

        Map<String, Object> row = awaitOutcome(v.tenant(), eventId, "injected");
        var order = revel.order(v.tenant(), v.localId(eventId));
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
        assertThat(row.get("revel_order_id")).isEqualTo(order.get("id").asText());
        assertThat(row.get("trigger")).isEqualTo("webhook");
        assertThat(order.get("items")).hasSize(2);
        assertThat(order.get("items").get(0).get("price").decimalValue()).isEqualByComparingTo("12.50");
        List<PlatformEvent> announced = TopicProbe.await(Topics.PLATFORM_EVENTS, 1, WAIT,
                r -> r.value().getTenant().equals(v.tenant())).stream().map(r -> r.value()).toList();
        assertThat(announced).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("order.injected");
            OrderEvent data = (OrderEvent) e.getData();
            assertThat(data.getSourceId()).isEqualTo(eventId);
            assertThat(data.getTargetOrderId()).isEqualTo(row.get("revel_order_id"));
        });
    }

    @Test
    void shouldRecordReplayedWebhookAsDuplicateWithoutSecondAttempt() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Retirement", "DEFINITE", today(), FakeTripleSeat.item("Cake", "CK", 1, "80.00"));
        InboundWebhook original = webhookRecord(v, "CREATE_EVENT", eventId, "corr-" + UUID.randomUUID());
        // TripleSeat delivers the same webhook twice: intake gives each receipt its own id, same external event id.
        InboundWebhook replay = InboundWebhook.newBuilder(original).setId(UUID.randomUUID().toString()).build();

        TopicProbe.send(Topics.WEBHOOKS_INBOUND, v.tripleseatId(), original);
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, v.tripleseatId(), replay);

        await().atMost(WAIT).until(() -> rows("SELECT status FROM sync.webhook_audit WHERE tenant = ? AND status"
                + " IN ('processed', 'duplicate')", v.tenant()).size() == 2);
        assertThat(rows("SELECT status FROM sync.webhook_audit WHERE id = ?", UUID.fromString(replay.getId())))
                .extracting(r -> r.get("status")).containsExactly("duplicate");
        Map<String, Object> row = injection(v.tenant(), eventId);
        assertThat(row.get("outcome")).isEqualTo("injected");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
    }

    @Test
    void shouldSkipUpdateWebhookOfAnEventAlreadyInjectedAsDuplicate() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Board dinner", "DEFINITE", today(), FakeTripleSeat.item("Steak", "STK", 12, "38.00"));
        webhook(v, "CREATE_EVENT", eventId);
        awaitOutcome(v.tenant(), eventId, "injected");

        webhook(v, "UPDATE_EVENT", eventId);

        await().atMost(WAIT).until(() -> ((Number) injection(v.tenant(), eventId).get("attempts")).intValue() == 2);
        Map<String, Object> row = injection(v.tenant(), eventId);
        assertThat(row.get("outcome")).isEqualTo("skipped");
        assertThat(row.get("reason")).isEqualTo("duplicate");
        assertThat(row.get("injected_at")).isNotNull();
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
    }

    @Test
    void shouldInjectEventWhoseUpdateWebhookWasMissedWhenScheduledReconcileRuns() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Gala", "DEFINITE", today().plusDays(9), FakeTripleSeat.item("Wine", "W1", 30, "9.00"));
        webhook(v, "CREATE_EVENT", eventId);
        awaitOutcome(v.tenant(), eventId, "skipped");
        assertThat(injection(v.tenant(), eventId).get("reason")).isEqualTo("outside_time_gate");
        // The event moves to today; TripleSeat's UPDATE_EVENT webhook never arrives.
        tripleseat.put(v.tenant(), eventId, "Gala", "DEFINITE", today(), FakeTripleSeat.item("Wine", "W1", 30, "9.00"));

        String correlationId = "corr-" + eventId;
        TopicProbe.send(Topics.POLL_REQUESTS, v.tenant(), scheduledRequest(v, correlationId),
                Map.of(Correlation.HEADER, correlationId));

        Map<String, Object> row = awaitOutcome(v.tenant(), eventId, "injected");
        assertThat(row.get("trigger")).isEqualTo("scheduled");
        assertThat(row.get("correlation_id")).isEqualTo(correlationId);
        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
    }

    @Test
    void shouldRecordFailureWhenRevelIsDownThenInjectOnNextBulkRun() {
        Venue v = venue("{\"revel_local_id_format\":\"TS-{event_id}\"}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Offsite", "DEFINITE", today().plusDays(1), FakeTripleSeat.item("Pizza", "PZ", 10, "15.00"));
        revel.down(v.tenant(), true);

        webhook(v, "CREATE_EVENT", eventId);

        Map<String, Object> failed = awaitOutcome(v.tenant(), eventId, "failed");
        assertThat((String) failed.get("error")).contains("Revel").contains("503").doesNotContain(v.revelToken());
        revel.down(v.tenant(), false);
        double injectedBefore = injections("outcome", "injected", "reason", "none", "trigger", "manual");

        sync(v, "hours_back=48")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.mode").isEqualTo("bulk")
                .jsonPath("$.correlation_id").isNotEmpty()
                .jsonPath("$.summary.queried").isEqualTo(1)
                .jsonPath("$.summary.injected").isEqualTo(1)
                .jsonPath("$.summary.skipped").isEqualTo(0)
                .jsonPath("$.summary.failed").isEqualTo(0)
                .jsonPath("$.events[0].id").isEqualTo(eventId)
                .jsonPath("$.events[0].name").isEqualTo("Offsite")
                .jsonPath("$.events[0].date").isEqualTo(today().plusDays(1).toString())
                .jsonPath("$.events[0].status").isEqualTo("injected")
                .jsonPath("$.events[0].revel_order_id").isEqualTo(revel.order(v.tenant(), "TS-" + eventId).get("id").asText())
                .jsonPath("$.events[0].reason").doesNotExist()
                .jsonPath("$.events[0].error").doesNotExist();
        assertThat(revel.creates(v.tenant(), "TS-" + eventId)).isEqualTo(1);
        assertThat(injections("outcome", "injected", "reason", "none", "trigger", "manual")).isEqualTo(injectedBefore + 1);
    }

    @Test
    void shouldAnswer500WithTheRevelErrorAndSuccessFalseWhileRevelIsDown() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Lunch", "DEFINITE", today(), FakeTripleSeat.item("Soup", "SP", 20, "6.00"));
        revel.down(v.tenant(), true);
        double failedBefore = injections("outcome", "failed", "trigger", "manual");
        try {
            sync(v, "event_id=" + eventId)
                    .expectStatus().isEqualTo(500)
                    .expectBody()
                    .jsonPath("$.success").isEqualTo(false)
                    .jsonPath("$.summary.failed").isEqualTo(1)
                    .jsonPath("$.events[0].status").isEqualTo("failed")
                    .jsonPath("$.events[0].error").value(e -> assertThat((String) e).contains("Revel").contains("503"));
        } finally {
            revel.down(v.tenant(), false);
        }
        assertThat(injections("outcome", "failed", "trigger", "manual")).isEqualTo(failedBefore + 1);
        assertThat(rows("SELECT open FROM sync.tripleseat_event_queue WHERE tenant = ? AND event_id = ?", v.tenant(), eventId))
                .extracting(r -> r.get("open")).containsExactly(true);
    }

    @Test
    void shouldSkipEventsOutsideTheVenueTimeGateAndCancelledEvents() {
        Venue v = venue("{\"order_days_ahead\":2}");
        String tooLate = eventId();
        String yesterday = eventId();
        String cancelled = eventId();
        String inGate = eventId();
        tripleseat.put(v.tenant(), tooLate, "Later", "DEFINITE", today().plusDays(3), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant(), yesterday, "Past", "DEFINITE", today().minusDays(1), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant(), cancelled, "Off", "CANCELLED", today(), FakeTripleSeat.item("A", "A", 1, "1.00"));
        tripleseat.put(v.tenant(), inGate, "Soon", "DEFINITE", today().plusDays(2), FakeTripleSeat.item("A", "A", 1, "1.00"));
        double gatedBefore = injections("outcome", "skipped", "reason", "outside_time_gate");

        assertSingle(v, tooLate, "skipped", "outside_time_gate");
        assertSingle(v, yesterday, "skipped", "outside_time_gate");
        assertSingle(v, cancelled, "skipped", "cancelled");
        assertSingle(v, inGate, "injected", null);

        assertThat(revel.creates(v.tenant(), v.localId(tooLate))).isZero();
        assertThat(revel.creates(v.tenant(), v.localId(yesterday))).isZero();
        assertThat(revel.creates(v.tenant(), v.localId(cancelled))).isZero();
        assertThat(injections("outcome", "skipped", "reason", "outside_time_gate")).isEqualTo(gatedBefore + 2);
        // Only the future event stays queued for later runs; past and cancelled events leave the queue.
        assertThat(rows("SELECT event_id FROM sync.tripleseat_event_queue WHERE tenant = ? AND open", v.tenant()))
                .extracting(r -> r.get("event_id")).containsExactly(tooLate);
    }

    @Test
    void shouldFindOrderInRevelInsteadOfCreatingItWhenOurRecordIsLost() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Retry", "DEFINITE", today(), FakeTripleSeat.item("Cake", "CK", 1, "80.00"));
        assertSingle(v, eventId, "injected", null);
        // As after a crash between Revel's answer and our commit: the order exists, our row does not.
        rows("DELETE FROM sync.order_injection WHERE tenant = ? RETURNING event_id", v.tenant());
        double duplicatesBefore = injections("outcome", "skipped", "reason", "duplicate");

        assertSingle(v, eventId, "skipped", "duplicate");

        assertThat(revel.creates(v.tenant(), v.localId(eventId))).isEqualTo(1);
        assertThat(injection(v.tenant(), eventId).get("revel_order_id"))
                .isEqualTo(revel.order(v.tenant(), v.localId(eventId)).get("id").asText());
        assertThat(injections("outcome", "skipped", "reason", "duplicate")).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void shouldCarryTheRunsCorrelationIdOnEveryLogLine() {
        Venue v = venue("{}");
        String eventId = eventId();
        tripleseat.put(v.tenant(), eventId, "Logs", "DEFINITE", today(), FakeTripleSeat.item("Tea", "T", 5, "2.00"));
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger orders = (Logger) LoggerFactory.getLogger("io.tillsync.sync.orders");
        appender.start();
        orders.addAppender(appender);
        try {
            revel.down(v.tenant(), true);
            String webhookCorrelation = "corr-wh-" + UUID.randomUUID();
            TopicProbe.send(Topics.WEBHOOKS_INBOUND, v.tripleseatId(),
                    webhookRecord(v, "CREATE_EVENT", eventId, webhookCorrelation));
            awaitOutcome(v.tenant(), eventId, "failed");
            await().atMost(WAIT).until(() -> linesAbout(appender, v.tenant()).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("failed:")));
            List<ILoggingEvent> webhookRun = linesAbout(appender, v.tenant());
            revel.down(v.tenant(), false);

            String apiCorrelation = "corr-api-" + UUID.randomUUID();
            web.get().uri("/api/sync/tripleseat?hours_back=48").header("Authorization", "Bearer " + v.tenantKey())
                    .header(Correlation.HEADER, apiCorrelation)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.correlation_id").isEqualTo(apiCorrelation)
                    .jsonPath("$.summary.injected").isEqualTo(1);
            List<ILoggingEvent> apiRun = linesAbout(appender, v.tenant()).subList(webhookRun.size(),
                    linesAbout(appender, v.tenant()).size());

            assertThat(webhookRun).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry(Correlation.MDC_KEY, webhookCorrelation);
                assertThat(e.getFormattedMessage()).contains("correlation_id=" + webhookCorrelation);
            });
            // the injection and the bulk run's summary line
            assertThat(apiRun).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry(Correlation.MDC_KEY, apiCorrelation);
                assertThat(e.getFormattedMessage()).contains("correlation_id=" + apiCorrelation);
            });
        } finally {
            orders.detachAppender(appender);
            revel.down(v.tenant(), false);
        }
    }

    @Test
    void shouldAnswer403WhenTenantKeyAsksForAnotherTenant() {
        Venue mine = venue("{}");
        Venue theirs = venue("{}");
        web.get().uri("/api/sync/tripleseat?hours_back=48&tenant=" + theirs.tenant())
                .header("Authorization", "Bearer " + mine.tenantKey())
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
    void shouldAnswer400ForBadParameters() {
        Venue v = venue("{}");
        sync(v, "event_id=1&hours_back=5").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("conflicting_parameters");
        sync(v, "hours_back=0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_hours_back");
        sync(v, "event_id=a%20b").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_event_id");
    }

    @Test
    void shouldAnswer404WhenTenantHasNoTripleSeatConnection() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        web.get().uri("/api/sync/tripleseat?event_id=123&tenant=" + tenant).header("Authorization", "Bearer " + OPERATOR_KEY)
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
    }

    private static List<ILoggingEvent> linesAbout(ListAppender<ILoggingEvent> appender, String tenant) {
        synchronized (appender) {
            List<ILoggingEvent> out = new ArrayList<>();
            for (ILoggingEvent e : appender.list) {
                if (e.getFormattedMessage().contains(tenant)) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
