package io.tillsync.sync.orders;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.PollKind;
import io.tillsync.avro.PollRequest;
import io.tillsync.avro.PollTrigger;
import io.tillsync.kit.security.ApiKeyStore;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the order-injection integration tests: the whole service on the shared real broker, registry and Postgres
 * (one Spring context for every subclass), local fakes of TripleSeat and Revel, and tenants ("venues") wired to
 * them. Bulk runs are kept small (pages of 2, at most 4 events a run) so paging and the bound show.
 *
 * <p>The context is closed after each class: its Kafka listeners share consumer groups with the module's other
 * test contexts, and left running they would take records (and count metrics) other test classes wait for. While it
 * runs, webhooks and scheduled requests may still be handled by another cached context, which is why metrics are
 * only asserted for runs started in this context.
 */
@StackTest
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tillsync.security.operator-key=" + OrderInjectionTestBase.OPERATOR_KEY,
                "tillsync.kafka.retry.initial-interval-ms=50",
                "tillsync.outbound.allow-private-targets=true",
                "tillsync.orders.tripleseat.page-size=2",
                "tillsync.orders.tripleseat.max-events-per-run=4",
                "tillsync.orders.tripleseat.lock-timeout=10s",
                "tillsync.orders.tripleseat.http-timeout=20s",
                "tillsync.orders.tripleseat.token-refresh-before=1s"})
abstract class OrderInjectionTestBase {

    static final String OPERATOR_KEY = "operator-test-key";
    static final ZoneId VENUE_ZONE = ZoneId.of("America/Chicago");
    static final Duration WAIT = Duration.ofSeconds(60);

    static FakeTripleSeat tripleseat;
    static FakeRevel revel;

    @Autowired
    WebTestClient web;
    @Autowired
    SecretBox secrets;
    @Autowired
    ApiKeyStore keys;
    @Autowired
    MeterRegistry meters;

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

    /** A tenant with a tripleseat connection (venue in Chicago) and a revel connection, both on the fakes. */
    record Venue(String tenant, String tripleseatId, String revelId, String tenantKey, String revelToken) {

        String localId(String eventId) {
            return "Triple Seat_" + eventId;
        }
    }

    Venue venue(String extraSettings) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        String tsToken = "ts-" + UUID.randomUUID();
        String revelToken = "key:" + UUID.randomUUID();
        String settings = extraSettings.replaceFirst("^\\{",
                "{\"timezone\":\"" + VENUE_ZONE + "\"" + (extraSettings.equals("{}") ? "" : ","));
        String tsId = "con_" + UUID.randomUUID();
        String revelId = "con_" + UUID.randomUUID();
        insertConnection(tsId, tenant, "tripleseat", "site-1", tripleseat.baseUrl(tenant, tsToken), tsToken, settings);
        insertConnection(revelId, tenant, "revel", "/enterprise/Establishment/1/", revel.baseUrl(tenant, revelToken),
                revelToken, "{}");
        String key = keys.issue(tenant, "orders-test").block().key();
        return new Venue(tenant, tsId, revelId, key, revelToken);
    }

    /**
     * A venue whose tripleseat connection authorizes with OAuth 2.0 (client id and secret, the refresh token of the
     * authorization-code exchange); the fake's access tokens live {@code tokenSeconds}.
     */
    Venue oauthVenue(long tokenSeconds) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        String revelToken = "key:" + UUID.randomUUID();
        String credential = "{\"client_id\":\"cid-" + tenant + "\",\"client_secret\":\"secret-" + tenant
                + "\",\"refresh_token\":\"rt-initial\"}";
        String tsId = "con_" + UUID.randomUUID();
        String revelId = "con_" + UUID.randomUUID();
        insertConnection(tsId, tenant, "tripleseat", "site-1", tripleseat.oauthBaseUrl(tenant, "cid-" + tenant,
                "secret-" + tenant, "rt-initial", tokenSeconds), credential, "{\"timezone\":\"" + VENUE_ZONE + "\"}");
        insertConnection(revelId, tenant, "revel", "/enterprise/Establishment/1/", revel.baseUrl(tenant, revelToken),
                revelToken, "{}");
        String key = keys.issue(tenant, "orders-test").block().key();
        return new Venue(tenant, tsId, revelId, key, revelToken);
    }

    private void insertConnection(String id, String tenant, String provider, String account, String baseUrl,
            String token, String settings) {
        rows("INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url, settings)"
                        + " VALUES (?, ?, ?, ?, 'active', ?, ?, CAST(? AS jsonb)) RETURNING id",
                id, tenant, provider, account, secrets.encrypt(token, SecretField.CONNECTION_API_TOKEN.at(id)), baseUrl, settings);
    }

    /** A TripleSeat webhook as intake-service records it on {@code webhooks.inbound}. */
    static InboundWebhook webhookRecord(Venue v, String trigger, String eventId, String correlationId) {
        String updatedAt = Instant.now().toString();
        String body = """
                {"webhook_trigger_type":"%s","message":"Event changed","object":{"id":%s,"updated_at":"%s"}}"""
                .formatted(trigger, eventId, updatedAt);
        return InboundWebhook.newBuilder()
                .setId(UUID.randomUUID().toString()).setTenant(v.tenant()).setConnectionId(v.tripleseatId())
                .setProvider("tripleseat").setEventType(trigger)
                .setExternalEventId(trigger + ":" + eventId + ":" + updatedAt)
                .setReceivedAt(Instant.now()).setHeaders(Map.of("x-signature", "00"))
                .setContentType("application/json")
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId(correlationId).build();
    }

    static InboundWebhook webhook(Venue v, String trigger, String eventId) {
        InboundWebhook record = webhookRecord(v, trigger, eventId, "corr-" + UUID.randomUUID());
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, v.tripleseatId(), record);
        return record;
    }

    /** The reconcile request poller-service's scheduler publishes for a tripleseat connection. */
    static PollRequest scheduledRequest(Venue v, String correlationId) {
        return PollRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setTenant(v.tenant()).setConnectionId(v.tripleseatId())
                .setProvider("tripleseat").setKind(PollKind.TRIPLESEAT_RECONCILE).setTrigger(PollTrigger.SCHEDULED)
                .setHoursBack(48).setRequestedAt(Instant.now()).setCorrelationId(correlationId).build();
    }

    /** Puts an event in the durable queue as an earlier webhook would have. */
    static void queued(Venue v, String eventId) {
        rows("INSERT INTO sync.tripleseat_event_queue (tenant, event_id, connection_id, first_seen_at, last_seen_at,"
                + " last_trigger) VALUES (?, ?, ?, now(), now(), 'CREATE_EVENT') RETURNING event_id",
                v.tenant(), eventId, v.tripleseatId());
    }

    /** Calls the sync endpoint with the venue's tenant key; runs may wait for each other, so patiently. */
    WebTestClient.ResponseSpec sync(Venue v, String query) {
        return web.mutate().responseTimeout(WAIT).build().get().uri("/api/sync/tripleseat?" + query).header("Authorization", "Bearer " + v.tenantKey())
                .exchange();
    }

    void assertSingle(Venue v, String eventId, String status, String reason) {
        sync(v, "event_id=" + eventId)
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mode").isEqualTo("single")
                .jsonPath("$.summary.queried").isEqualTo(1)
                .jsonPath("$.events[0].id").isEqualTo(eventId)
                .jsonPath("$.events[0].status").isEqualTo(status)
                .jsonPath("$.events[0].reason").isEqualTo(reason);
    }

    /**
     * The counter {@code tillsync.orders.injection} of this context, summed over the tags given (outcome, reason,
     * trigger). Only runs started in this context count: other test classes' cached contexts share the Kafka
     * consumer groups, so webhooks and scheduled requests may be handled (and counted) by one of them.
     */
    double injections(String... tags) {
        return meters.find(TripleSeatOrderInjector.METRIC).tags(tags).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    static Map<String, Object> awaitOutcome(String tenant, String eventId, String outcome) {
        await("outcome " + outcome + " of event " + eventId).atMost(WAIT).until(() -> {
            Map<String, Object> row = injection(tenant, eventId);
            return row != null && outcome.equals(row.get("outcome"));
        });
        return injection(tenant, eventId);
    }

    static Map<String, Object> injection(String tenant, String eventId) {
        List<Map<String, Object>> found = rows("SELECT * FROM sync.order_injection WHERE tenant = ? AND event_id = ?",
                tenant, eventId);
        return found.isEmpty() ? null : found.get(0);
    }

    static LocalDate today() {
        return LocalDate.now(VENUE_ZONE);
    }

    static String eventId() {
        return String.valueOf(100_000 + (long) (Math.random() * 900_000_000L));
    }

    static List<Map<String, Object>> rows(String sql, Object... params) {
        return TestStack.start().database().rows(sql, params);
    }
}
