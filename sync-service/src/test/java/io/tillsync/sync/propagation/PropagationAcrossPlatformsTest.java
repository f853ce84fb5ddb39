package io.tillsync.sync.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TopicProbe;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Propagation across two fake platforms that, like the real ones, send a webhook about every change made through
 * their API — our own writes included. A change is written to the tenant's other platforms once, never back to the
 * platform it came from, and the echo of our write is recognised and not propagated again (no loops). Failed writes
 * are retried with backoff and end dead-lettered with the reason. Real broker, registry and Postgres.
 */
class PropagationAcrossPlatformsTest extends SyncStackTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SHOPIFY_LOCATION = "24826418";
    private static final String SQUARE_LOCATION = "YYQR03DGCTXA4";

    @Autowired
    ConnectionService connections;
    @Autowired
    MeterRegistry meters;

    private final FakeShopify shopify = new FakeShopify();
    private final FakeSquare square = new FakeSquare();
    private final FakeProviderServer toast = new FakeProviderServer();
    private int webhooksSentByTest;

    @AfterEach
    void stopFakes() {
        shopify.close();
        square.close();
        toast.close();
    }

    @Test
    void shouldWriteAShopifyProductToSquareOnceAndNeverBackToShopifyWhenSquareEchoes() {
        String tenant = newTenant();
        Connection s = connect(tenant, "shopify", "shop.myshopify.com", shopify.baseUrl(), SHOPIFY_LOCATION);
        Connection q = connect(tenant, "square", "MERCHANT", square.baseUrl(), SQUARE_LOCATION);
        shopify.sendWebhooksAs(s);
        square.sendWebhooksAs(q);
        double echoesBefore = echoes();

        // a product made in Shopify is created in Square; Square's catalog.version.updated about it is our echo
        ObjectNode product = shopify.productCreatedInShopify("T-Shirt", "TSHIRT-001", "29.99");
        await().atMost(WAIT).until(() -> square.writes("POST /v2/catalog/object").size() == 1);
        JsonNode create = json(square.writes().get(0).body());
        assertThat(create.path("object").path("id").asText()).isEqualTo("#item");
        assertThat(create.path("object").path("item_data").path("name").asText()).isEqualTo("T-Shirt");
        JsonNode variation = create.path("object").path("item_data").path("variations").get(0).path("item_variation_data");
        assertThat(variation.path("sku").asText()).isEqualTo("TSHIRT-001");
        assertThat(variation.path("price_money").path("amount").asLong()).isEqualTo(2999);
        awaitQuiet(tenant, 1);

        // a count set in Square goes to Shopify's inventory item of that variant; Shopify's webhook is the echo
        String squareItem = rows("SELECT external_id FROM sync.item_link WHERE connection_id = ? AND external_id LIKE 'SQITEM%'",
                q.id()).get(0).get("external_id").toString();
        String squareVariation = square.item(squareItem).path("item_data").path("variations").get(0).path("id").asText();
        square.countChangedInSquare(squareVariation, SQUARE_LOCATION, "6");
        await().atMost(WAIT).until(() -> shopify.writes("POST /inventory_levels/").size() == 1);
        JsonNode set = json(shopify.writes("POST /inventory_levels/").get(0).body());
        assertThat(set.path("inventory_item_id").asText())
                .isEqualTo(product.path("variants").get(0).path("inventory_item_id").asText());
        assertThat(set.path("available").asInt()).isEqualTo(6);
        assertThat(set.path("location_id").asText()).isEqualTo(SHOPIFY_LOCATION);
        awaitQuiet(tenant, 2);

        // a delete in Shopify is a (soft) delete in Square; Square's webhook about it is the echo
        shopify.productDeletedInShopify(product.path("id").asText());
        await().atMost(WAIT).until(() -> square.writes("DELETE /v2/catalog/object/").size() == 1);
        assertThat(square.writes("DELETE /v2/catalog/object/").get(0).path()).endsWith("/" + squareItem);
        awaitQuiet(tenant, 3);

        assertThat(shopify.writes()).as("nothing written back to Shopify about its own product")
                .extracting(r -> r.method() + " " + r.path().substring(FakeShopify.API.length()))
                .containsExactly("POST /inventory_levels/set.json");
        assertThat(square.writes()).as("nothing written back to Square about its own count")
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /v2/catalog/object", "DELETE /v2/catalog/object/" + squareItem);
        assertThat(rows("SELECT echoed_at FROM sync.propagation_ledger WHERE tenant = ?", tenant))
                .as("each of our three writes came back once and was recognised")
                .hasSize(3).allSatisfy(r -> assertThat(r.get("echoed_at")).isNotNull());
        assertThat(echoes() - echoesBefore).isGreaterThanOrEqualTo(3);
        assertThat(rows("SELECT kind, status FROM sync.propagation_job WHERE tenant = ?", tenant))
                .extracting(r -> r.get("kind") + ":" + r.get("status"))
                .containsExactlyInAnyOrder("upsert:done", "inventory:done", "delete:done");
        assertThat(rows("SELECT quantity FROM sync.inventory_level WHERE connection_id = ?", s.id()))
                .singleElement().satisfies(r -> assertThat(r.get("quantity")).isEqualTo(new BigDecimal("6.0000")));
        assertThat(rows("SELECT source_system, deleted_at FROM sync.product WHERE tenant = ?", tenant))
                .hasSize(2).allSatisfy(r -> assertThat(r.get("deleted_at")).as("soft-deleted on both").isNotNull());
    }

    @Test
    void shouldPropagateAToastMenuItemAndIts86ToShopifyAndSquareWithoutLoops() {
        String tenant = newTenant();
        toast.on("GET", "/menus/v2/menus", 200, """
                {"restaurantGuid":"3325cc58","lastUpdated":"2025-04-22T19:29:00.000+0000","menus":[{"name":"Lunch",
                 "menuGroups":[{"name":"Mains","menuItems":[{"guid":"1e199622","name":"Burger","price":12.99}]}]}]}""");
        Connection t = connect(tenant, "toast", "3325cc58", toast.baseUrl(), null);
        Connection s = connect(tenant, "shopify", "shop.myshopify.com", shopify.baseUrl(), SHOPIFY_LOCATION);
        Connection q = connect(tenant, "square", "MERCHANT", square.baseUrl(), SQUARE_LOCATION);
        shopify.sendWebhooksAs(s);
        square.sendWebhooksAs(q);

        toastWebhook(t, "menus_updated", """
                {"timestamp":"2025-04-22T19:30:00.000+0000","eventCategory":"menus","eventType":"menus_updated",
                 "guid":"mu-%s","details":{"restaurantGuid":"3325cc58"}}""".formatted(tenant));
        await().atMost(WAIT).until(() -> shopify.writes().size() == 1 && square.writes().size() == 1);
        awaitQuiet(tenant, 2);

        toastWebhook(t, "out_of_stock", """
                {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"oos-%s",
                 "details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                .formatted(Instant.now().toString().replace("Z", "+0000"), tenant));
        await().atMost(WAIT).until(() -> shopify.writes().size() == 2 && square.writes().size() == 2);
        awaitQuiet(tenant, 2);

        // stays quiet: the echoes of the status and sold-out writes change nothing worth writing elsewhere
        await().during(Duration.ofSeconds(3)).atMost(WAIT)
                .until(() -> shopify.writes().size() == 2 && square.writes().size() == 2);
        assertThat(shopify.writes()).extracting(r -> r.method() + " " + r.path().substring(FakeShopify.API.length()))
                .containsExactly("POST /products.json", "PUT /products/" + shopifyProductId(s) + ".json");
        assertThat(json(shopify.writes().get(0).body()).path("product").path("variants").get(0).path("price").asText())
                .isEqualTo("12.99");
        assertThat(json(shopify.writes().get(1).body()).path("product").path("status").asText()).isEqualTo("draft");
        JsonNode soldOut = json(square.writes().get(1).body()).path("object");
        assertThat(soldOut.path("type").asText()).isEqualTo("ITEM_VARIATION");
        assertThat(soldOut.path("item_variation_data").path("location_overrides").get(0).path("sold_out").asBoolean())
                .isTrue();
        assertThat(rows("SELECT is_available FROM sync.menu_item WHERE tenant = ? AND external_id = '1e199622'", tenant))
                .singleElement().satisfies(r -> assertThat(r.get("is_available")).isEqualTo(false));
        assertThat(rows("SELECT kind, status, target_connection_id FROM sync.propagation_job WHERE tenant = ?", tenant))
                .as("one job per target and kind, none towards the source, all done")
                .extracting(r -> r.get("kind") + ":" + r.get("status") + ":" + r.get("target_connection_id"))
                .containsExactlyInAnyOrder("upsert:done:" + s.id(), "upsert:done:" + q.id(),
                        "availability:done:" + s.id(), "availability:done:" + q.id());
    }

    @Test
    void shouldRetryAFailingWriteWithBackoffThenDeadLetterItWithTheReason() {
        String tenant = newTenant();
        Connection s = connect(tenant, "shopify", "shop.myshopify.com", shopify.baseUrl(), SHOPIFY_LOCATION);
        Connection q = connect(tenant, "square", "MERCHANT", square.baseUrl(), SQUARE_LOCATION);
        shopify.sendWebhooksAs(s);
        square.failNextWrites(503, 100);

        ObjectNode product = shopify.productCreatedInShopify("Hoodie", "HOOD-1", "49.00");
        String sourceItem = product.path("id").asText();
        Map<String, Object> job = awaitJob(tenant, q, "dead");
        List<FakeProviderServer.Request> attempts = square.writes();
        assertThat(attempts).hasSize(3); // tillsync.sync.propagation.max-attempts in the test configuration
        assertThat(attempts).extracting(r -> json(r.body()).path("idempotency_key").asText()).containsOnly(
                json(attempts.get(0).body()).path("idempotency_key").asText());
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(job.get("attempts")).isEqualTo(3);
        assertThat(job.get("last_error").toString()).contains("answered 503");

        ConsumerRecord<String, CatalogChange> dead = awaitDeadLetter(tenant, sourceItem);
        assertThat(header(dead, "tillsync-dlt-reason")).contains("Square POST /v2/catalog/object answered 503");
        assertThat(header(dead, "tillsync-propagation-target")).isEqualTo(q.id());
        assertThat(dead.value().getConnectionId()).isEqualTo(s.id());
        OpsAlert alert = TopicProbe.await(Topics.OPS_ALERTS, 1, WAIT, r -> tenant.equals(r.value().getTenant())
                && "PROPAGATION_FAILED".equals(r.value().getKind())).get(0).value();
        assertThat(alert.getSubject()).isEqualTo(q.id());
        assertThat(alert.getMessage()).contains("answered 503");
    }

    @Test
    void shouldDeadLetterAPermanentRefusalAtOnceAndRetryATransientFailureUntilItSucceeds() {
        String refusedTenant = newTenant();
        Connection s1 = connect(refusedTenant, "shopify", "a.myshopify.com", shopify.baseUrl(), SHOPIFY_LOCATION);
        Connection q1 = connect(refusedTenant, "square", "MERCHANT", square.baseUrl(), SQUARE_LOCATION);
        shopify.sendWebhooksAs(s1);
        square.failNextWrites(400, 1);
        String refused = shopify.productCreatedInShopify("Cap", "CAP-1", "15.00").path("id").asText();
        Map<String, Object> dead = awaitJob(refusedTenant, q1, "dead");
        assertThat(dead.get("attempts")).isEqualTo(1);
        assertThat(dead.get("last_error").toString()).contains("answered 400");
        assertThat(header(awaitDeadLetter(refusedTenant, refused), "tillsync-dlt-reason")).contains("answered 400");

        String retriedTenant = newTenant();
        Connection s2 = connect(retriedTenant, "shopify", "b.myshopify.com", shopify.baseUrl(), SHOPIFY_LOCATION);
        Connection q2 = connect(retriedTenant, "square", "MERCHANT", square.baseUrl(), SQUARE_LOCATION);
        shopify.sendWebhooksAs(s2);
        square.failNextWrites(429, 1);
        shopify.productCreatedInShopify("Scarf", "SCARF-1", "22.50");
        Map<String, Object> done = awaitJob(retriedTenant, q2, "done");
        assertThat(done.get("attempts")).isEqualTo(2);
        assertThat(rows("SELECT external_id FROM sync.item_link WHERE connection_id = ?", q2.id()))
                .as("the retried create linked once: the item, and its variation to Shopify's inventory item")
                .extracting(r -> r.get("external_id").toString().replaceAll("\\d+$", ""))
                .containsExactlyInAnyOrder("SQITEM", "SQVAR");
        assertThat(square.writes()).hasSize(3); // the refused one, then the 429 and its successful retry
    }

    private Connection connect(String tenant, String provider, String account, String baseUrl, String location) {
        Map<String, Object> settings = location == null ? null : Map.of("location_id", location);
        return connections.create(tenant, new ConnectionRequest(provider, account, null, "whsec-" + provider,
                "token-" + provider, baseUrl, settings, null, null, null, null, null, null), Caller.operatorCaller()).block();
    }

    private void toastWebhook(Connection t, String eventType, String body) {
        JsonNode parsed = json(body);
        InboundWebhook w = InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant(t.tenant())
                .setConnectionId(t.id()).setProvider("toast").setEventType(eventType)
                .setExternalEventId(parsed.path("guid").asText()).setReceivedAt(Instant.now()).setHeaders(Map.of())
                .setContentType("application/json").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build();
        webhooksSentByTest++;
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, t.id(), w, Map.of("x-correlation-id", w.getCorrelationId()));
    }

    /**
     * Waits until the tenant is at rest: every webhook the platforms and the test sent is audited and finished, the
     * first {@code echoedWrites} writes' echoes were recognised, and no propagation job is pending.
     */
    private void awaitQuiet(String tenant, int echoedWrites) {
        await("tenant " + tenant + " at rest").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            int sent = shopify.webhooksSent() + square.webhooksSent() + webhooksSentByTest;
            long finished = (Long) rows("""
                    SELECT count(*) AS n FROM sync.webhook_audit
                    WHERE tenant = ? AND status IN ('processed', 'duplicate', 'ignored', 'failed')""", tenant).get(0).get("n");
            long echoed = (Long) rows("SELECT count(*) AS n FROM sync.propagation_ledger WHERE tenant = ? AND echoed_at IS NOT NULL",
                    tenant).get(0).get("n");
            long pending = (Long) rows("SELECT count(*) AS n FROM sync.propagation_job WHERE tenant = ? AND status = 'pending'",
                    tenant).get(0).get("n");
            return finished == sent && echoed >= echoedWrites && pending == 0;
        });
    }

    private Map<String, Object> awaitJob(String tenant, Connection target, String status) {
        await("propagation job to " + target.id() + " is " + status).atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> jobs = rows("""
                    SELECT status, attempts, last_error, source_item_id, change_id, kind FROM sync.propagation_job
                    WHERE tenant = ? AND target_connection_id = ?""", tenant, target.id());
            assertThat(jobs).as("jobs %s", jobs).extracting(r -> r.get("status")).contains(status);
        });
        return rows("SELECT * FROM sync.propagation_job WHERE tenant = ? AND target_connection_id = ?", tenant, target.id())
                .get(0);
    }

    private static ConsumerRecord<String, CatalogChange> awaitDeadLetter(String tenant, String item) {
        Topic<String, CatalogChange> dlt = new Topic<>(Topics.CATALOG_CHANGES.dlt(), Serdes.String(), CatalogChange.class, 1);
        return TopicProbe.await(dlt, 1, WAIT, r -> r.value() != null && tenant.equals(r.value().getTenant())
                && item.equals(r.value().getItemId())).get(0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private String shopifyProductId(Connection s) {
        return rows("SELECT external_id FROM sync.item_link WHERE connection_id = ?", s.id()).get(0).get("external_id")
                .toString();
    }

    private double echoes() {
        Counter c = meters.find("tillsync.propagation.echoes").counter();
        return c == null ? 0 : c.count();
    }

    private static JsonNode json(String body) {
        try {
            return EchoingPlatform.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
