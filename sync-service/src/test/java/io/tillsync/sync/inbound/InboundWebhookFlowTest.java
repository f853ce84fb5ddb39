package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Verified webhooks on the real {@code webhooks.inbound} become audit rows and normalized {@code catalog.changes}
 * records; fetches go to local fake platform APIs.
 */
class InboundWebhookFlowTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    ConnectionService connections;
    @Autowired
    MeterRegistry meters;
    @Autowired
    InboundProcessor processor;

    private final FakeProviderServer fake = new FakeProviderServer();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private Connection connect(String tenant, String provider, String account, Boolean realtime) {
        return connections.create(tenant, new ConnectionRequest(provider, account, null, "whsec-" + provider,
                "token-" + provider, fake.baseUrl(), null, null, realtime, null, null, null, null), Caller.operatorCaller()).block();
    }

    private static InboundWebhook send(Connection c, String eventType, String externalId, String body,
            Map<String, String> headers) {
        InboundWebhook w = Webhooks.webhook(c.tenant(), c.id(), c.provider(), eventType, externalId, body, headers);
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), w, Map.of("x-correlation-id", w.getCorrelationId()));
        return w;
    }

    private static List<ConsumerRecord<String, CatalogChange>> changes(String tenant, int count) {
        return TopicProbe.await(Topics.CATALOG_CHANGES, count, WAIT, r -> tenant.equals(r.value().getTenant()));
    }

    private static Map<String, Object> awaitAudit(InboundWebhook w, String status) {
        await("audit of " + w.getId() + " is " + status).atMost(WAIT).until(() ->
                rows("SELECT status FROM sync.webhook_audit WHERE id = ?::uuid", w.getId()).stream()
                        .anyMatch(r -> status.equals(r.get("status"))));
        return rows("SELECT * FROM sync.webhook_audit WHERE id = ?::uuid", w.getId()).get(0);
    }

    @Test
    void shouldPublishShopifyProductUpdateAsProductUpsertKeyedByTenantAndItemWithCorrelationId() {
        String tenant = newTenant();
        Connection c = connect(tenant, "shopify", "shop.myshopify.com", null);
        InboundWebhook w = send(c, "products/update", "evt-" + tenant, """
                {"id":9554194432293,"title":"T-Shirt","status":"active","updated_at":"2025-04-22T14:30:00-05:00",
                 "variants":[{"id":123456789,"price":"29.99","sku":"TSHIRT-001"}]}""",
                Map.of("x-shopify-topic", "products/update", "x-shopify-hmac-sha256", "c2lnbmF0dXJl"));

        ConsumerRecord<String, CatalogChange> record = changes(tenant, 1).get(0);
        assertThat(record.key()).isEqualTo(tenant + ":9554194432293");
        assertThat(new String(record.headers().lastHeader("x-correlation-id").value())).isEqualTo(w.getCorrelationId());
        assertThat(record.value().getConnectionId()).isEqualTo(c.id());
        ProductUpsert upsert = (ProductUpsert) record.value().getChange();
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("29.9900"));

        Map<String, Object> audit = awaitAudit(w, "processed");
        assertThat(audit).containsEntry("tenant", tenant).containsEntry("provider", "shopify")
                .containsEntry("connection_id", c.id()).containsEntry("event_type", "products/update")
                .containsEntry("external_event_id", "evt-" + tenant).containsEntry("signature_header", "c2lnbmF0dXJl")
                .containsEntry("changes_published", 1);
        assertThat(audit.get("processed_at")).isNotNull();
        assertThat((String) audit.get("payload")).contains("9554194432293");
        Timer latency = meters.find(InboundProcessor.LATENCY_METRIC).tag("provider", "shopify").timer();
        assertThat(latency).isNotNull();
        assertThat(latency.count()).isPositive();
    }

    @Test
    void shouldRecordAReplayedWebhookAsDuplicateAndPublishItsChangesOnce() {
        String tenant = newTenant();
        Connection c = connect(tenant, "toast", "3325cc58", null);
        String body = """
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"out_of_stock",
                 "guid":"e445f586","details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}""";
        InboundWebhook first = send(c, "out_of_stock", "e445f586", body, Map.of());
        awaitAudit(first, "processed");
        InboundWebhook replay = send(c, "out_of_stock", "e445f586", body, Map.of());

        Map<String, Object> duplicate = awaitAudit(replay, "duplicate");
        assertThat(duplicate.get("duplicate_of").toString()).isEqualTo(first.getId());
        assertThat(rows("SELECT id FROM sync.webhook_audit WHERE tenant = ?", tenant)).hasSize(2);
        List<ConsumerRecord<String, CatalogChange>> published =
                TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> tenant.equals(r.value().getTenant()));
        assertThat(published).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(tenant + ":1e199622");
            assertThat(((AvailabilityChange) r.value().getChange()).getAvailable()).isFalse();
        });
    }

    @Test
    void shouldTellNewReplayedAndRedeliveredWebhooksApartWithinOneBatch() {
        String tenant = newTenant();
        Connection c = connect(tenant, "toast", "3325cc58", null);
        String body = """
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"in_stock",
                 "guid":"b77e01","details":{"itemGuid":"5f0a11","restaurantGuid":"3325cc58","status":"IN_STOCK"}}""";
        InboundWebhook first = Webhooks.webhook(tenant, c.id(), "toast", "in_stock", "b77e01", body, Map.of());
        InboundWebhook replay = Webhooks.webhook(tenant, c.id(), "toast", "in_stock", "b77e01", body, Map.of());

        // one polled batch: the original, the platform's replay of it, and Kafka's redelivery of the original
        InboundProcessor.BatchResult result = processor.process(List.of(first, replay, first)).block(WAIT);

        assertThat(result.failedIndex()).isEqualTo(-1);
        assertThat(awaitAudit(first, "processed")).containsEntry("changes_published", 1).containsEntry("attempts", 1);
        assertThat(awaitAudit(replay, "duplicate").get("duplicate_of").toString()).isEqualTo(first.getId());
        assertThat(rows("SELECT id FROM sync.webhook_audit WHERE tenant = ?", tenant)).hasSize(2);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() ->
                TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> tenant.equals(r.value().getTenant())).size() == 1);
    }

    @Test
    void shouldAuditUnknownAndUnparseableEventsWithAnErrorAndPublishNothing() {
        String tenant = newTenant();
        Connection shop = connect(tenant, "shopify", "shop.myshopify.com", null);
        Connection toast = connect(tenant, "toast", "r1", null);
        InboundWebhook unknown = send(shop, "orders/create", "o-1", "{\"id\":1}", Map.of("x-shopify-topic", "orders/create"));
        InboundWebhook garbage = send(toast, "out_of_stock", "g-1", "not json {", Map.of());

        assertThat(awaitAudit(unknown, "failed").get("error").toString()).contains("unknown shopify event orders/create");
        assertThat(awaitAudit(garbage, "failed").get("error").toString()).contains("not valid JSON");
        assertThat(TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> tenant.equals(r.value().getTenant()))).isEmpty();
    }

    @Test
    void shouldPublishSquareInventoryCountAsInventoryLevel() {
        String tenant = newTenant();
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5", null);
        InboundWebhook w = send(c, "inventory.count.updated", "df5f3813-" + tenant, """
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"df5f3813",
                 "created_at":"2025-04-22T19:30:00Z","data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"YYQR03DGCTXA4","quantity":"10","state":"IN_STOCK","calculated_at":"2025-04-22T19:29:58Z"}]}}}""",
                Map.of("x-square-hmacsha256-signature", "sig"));

        CatalogChange change = changes(tenant, 1).get(0).value();
        assertThat(change.getItemId()).isEqualTo("FGQ5JJWT2PYTHF35CKZ2DSKP");
        assertThat(((InventoryLevel) change.getChange()).getQuantity()).isEqualTo(new BigDecimal("10.0000"));
        awaitAudit(w, "processed");
    }

    @Test
    void shouldAuditAnOutOfRangeQuantityAsFailedWithoutArithmeticOnIt() {
        String tenant = newTenant();
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5", null);
        InboundWebhook w = send(c, "inventory.count.updated", "huge-" + tenant, """
                {"merchant_id":"6SSW7HV8K2ST5","type":"inventory.count.updated","event_id":"huge",
                 "created_at":"2025-04-22T19:30:00Z","data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[
                  {"catalog_object_id":"FGQ5JJWT2PYTHF35CKZ2DSKP","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"YYQR03DGCTXA4","quantity":"1e20000000","state":"IN_STOCK",
                   "calculated_at":"2025-04-22T19:29:58Z"}]}}}""",
                Map.of("x-square-hmacsha256-signature", "sig"));

        Map<String, Object> audit = awaitAudit(w, "failed");
        assertThat((String) audit.get("error")).contains("quantity out of range");
        assertThat(audit).containsEntry("changes_published", 0);
    }

    @Test
    void shouldFetchChangedObjectsFromFakeSquareOnCatalogVersionUpdated() {
        fake.on("POST", "/v2/catalog/search", r -> r.body().contains("\"cursor\"")
                ? new FakeProviderServer.Response(200, """
                    {"objects":[{"type":"ITEM","id":"ITEMB","updated_at":"2025-04-22T19:29:59Z","version":7,"is_deleted":true}]}""")
                : new FakeProviderServer.Response(200, """
                    {"objects":[{"type":"ITEM","id":"ITEMA","updated_at":"2025-04-22T19:29:59Z","version":7,
                      "item_data":{"name":"Latte","variations":[{"type":"ITEM_VARIATION","id":"VARA",
                        "item_variation_data":{"name":"Large","price_money":{"amount":475,"currency":"USD"}}}]}}],
                     "cursor":"page-2"}"""));
        String tenant = newTenant();
        Connection c = connect(tenant, "square", "6SSW7HV8K2ST5", null);
        send(c, "catalog.version.updated", "cv-" + tenant, """
                {"merchant_id":"6SSW7HV8K2ST5","type":"catalog.version.updated","event_id":"cv1","created_at":"2025-04-22T19:30:01Z",
                 "data":{"type":"catalog","id":"","object":{"catalog_version":{"updated_at":"2025-04-22T19:30:00.000Z"}}}}""",
                Map.of());

        // two items, two keys: their records may sit on different partitions, so read order is not theirs
        List<CatalogChange> got = changes(tenant, 2).stream().map(ConsumerRecord::value)
                .sorted(java.util.Comparator.comparing(CatalogChange::getItemId)).toList();
        assertThat(got).extracting(CatalogChange::getItemId).containsExactly("ITEMA", "ITEMB");
        assertThat(((ProductUpsert) got.get(0).getChange()).getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("4.7500"));
        assertThat(got.get(1).getChange()).isInstanceOf(ProductDelete.class);
        assertThat(fake.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer token-square");
            assertThat(r.body()).contains("\"begin_time\":\"2025-04-22T19:28:00Z\"").contains("\"include_deleted_objects\":true");
        });
    }

    @Test
    void shouldFetchTheNamedItemFromFakeCloverAndPublishUpsertStockAndAvailability() {
        fake.on("GET", "/v3/merchants/MID/items/ITEM99", 200, """
                {"id":"ITEM99","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
                 "modifiedTime":1537970957000,"itemStock":{"item":{"id":"ITEM99"},"stockCount":127,"quantity":127.0}}""");
        String tenant = newTenant();
        Connection c = connect(tenant, "clover", "MID", null);
        InboundWebhook w = send(c, "UPDATE", null, """
                {"appId":"APP","merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":1537970958000}]}}""",
                Map.of("x-clover-auth", "static-auth-code"));

        List<CatalogChange> got = changes(tenant, 3).stream().map(ConsumerRecord::value).toList();
        assertThat(got).extracting(ch -> ch.getChange().getClass().getSimpleName())
                .containsExactly("ProductUpsert", "InventoryLevel", "AvailabilityChange");
        assertThat(((AvailabilityChange) got.get(2).getChange()).getAvailable()).isTrue();
        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("expand=itemStock");
            assertThat(r.authorization()).isEqualTo("Bearer token-clover");
        });
        assertThat(awaitAudit(w, "processed").get("signature_header")).asString().doesNotContain("static-auth-code");
    }

    @Test
    void shouldFetchMenusFromFakeToastOnMenusUpdated() {
        fake.on("GET", "/menus/v2/menus", 200, """
                {"restaurantGuid":"3325cc58","lastUpdated":"2025-04-22T19:29:00.000+0000","menus":[{"name":"Lunch",
                 "menuGroups":[{"name":"Mains","menuItems":[{"guid":"item-1","name":"Burger","price":12.99}]}]}]}""");
        String tenant = newTenant();
        Connection c = connect(tenant, "toast", "3325cc58", null);
        send(c, "menus_updated", "mu-" + tenant, """
                {"timestamp":"2025-04-22T19:30:00.000+0000","eventCategory":"menus","eventType":"menus_updated",
                 "guid":"mu1","details":{"restaurantGuid":"3325cc58"}}""", Map.of());

        CatalogChange change = changes(tenant, 1).get(0).value();
        assertThat(change.getItemId()).isEqualTo("item-1");
        assertThat(((ProductUpsert) change.getChange()).getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("12.9900"));
        assertThat(fake.requests().get(0).headers().get("Toast-restaurant-external-id")).containsExactly("3325cc58");
    }

    @Test
    void shouldDeadLetterAfterRetriesWhenTheProviderApiKeepsFailing() {
        fake.on("GET", "/v3/merchants/MID/items/ITEM5", 503, "{}");
        String tenant = newTenant();
        Connection c = connect(tenant, "clover", "MID", null);
        InboundWebhook w = send(c, "UPDATE", null,
                "{\"merchants\":{\"MID\":[{\"objectId\":\"I:ITEM5\",\"type\":\"UPDATE\",\"ts\":1537970958000}]}}", Map.of());

        Topic<String, InboundWebhook> dlt = new Topic<>(Topics.WEBHOOKS_INBOUND.dlt(), Serdes.String(), InboundWebhook.class, 1);
        ConsumerRecord<String, InboundWebhook> dead = TopicProbe.await(dlt, 1, WAIT, r -> r.value() != null
                && w.getId().equals(r.value().getId())).get(0);
        assertThat(dead.key()).isEqualTo(c.id());
        Map<String, Object> audit = awaitAudit(w, "retrying");
        assertThat(audit.get("error").toString()).contains("503");
        assertThat(audit.get("processed_at")).isNull();
        assertThat(fake.requests().size()).isGreaterThan(1);
    }

    @Test
    void shouldIgnoreCatalogWebhooksOfAConnectionWithRealtimeSyncDisabled() {
        String tenant = newTenant();
        Connection c = connect(tenant, "shopify", "shop.myshopify.com", false);
        InboundWebhook w = send(c, "products/delete", "d-" + tenant, "{\"id\":788032119674292922}",
                Map.of("x-shopify-topic", "products/delete"));

        assertThat(awaitAudit(w, "ignored").get("error").toString()).contains("realtime sync disabled");
        assertThat(TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> tenant.equals(r.value().getTenant()))).isEmpty();
    }

    @Test
    void shouldUseTheConnectionsTenantNotTheRecordsAndAuditAMismatchAsFailedWithoutEffect() {
        String owner = newTenant();
        String other = newTenant();
        Connection c = connect(owner, "shopify", "shop.myshopify.com", null);
        InboundWebhook forged = Webhooks.webhook(other, c.id(), "shopify", "products/delete", "x-" + owner,
                "{\"id\":9554194432293}", Map.of("x-shopify-topic", "products/delete"));
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), forged, Map.of("x-correlation-id", forged.getCorrelationId()));

        Map<String, Object> audit = awaitAudit(forged, "failed");
        assertThat(audit).containsEntry("tenant", owner);
        assertThat(audit.get("error").toString()).contains("not its connection's tenant");
        assertThat(rows("SELECT id FROM sync.webhook_audit WHERE tenant = ?", other)).isEmpty();
        assertThat(TopicProbe.readAll(Topics.CATALOG_CHANGES,
                r -> owner.equals(r.value().getTenant()) || other.equals(r.value().getTenant()))).isEmpty();
    }

    @Test
    void shouldKeepACloverVerificationCodeOnItsConnectionEscaped() {
        String tenant = newTenant();
        Connection c = connect(tenant, "clover", "MID", null);
        InboundWebhook w = send(c, "verification_code", "verification_code:" + tenant,
                "{\"verificationCode\":\"abc\\r\\nFORGED\"}", Map.of());

        awaitAudit(w, "processed");
        Connection stored = connections.get(tenant, c.id()).block();
        assertThat(stored.verificationCode()).isEqualTo("abc\\r\\nFORGED");
        assertThat(stored.verificationCodeAt()).isNotNull();
    }
}
