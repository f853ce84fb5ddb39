package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks of each platform → intake (202) → sync-service rows → platform.events → delivery-service → a
 * subscriber that checks the Standard Webhooks signature with this module's own implementation of the spec.
 */
@Order(1)
class PlatformFlowE2eTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static E2eStack stack;
    static Receiver receiver;
    static Tenant tenant;
    static String endpointSecret;

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        receiver = new Receiver();
        tenant = new Tenant(stack);
        tenant.connect("shopify", "e2e.myshopify.com", Map.of());
        tenant.connect("square", "SQ-MERCHANT", Map.of("settings", Map.of("notification_url", Tenant.SQUARE_NOTIFICATION_URL)));
        tenant.connect("toast", "3325cc58", Map.of());
        tenant.connect("standard", "any-platform", Map.of());
        JsonNode endpoint = tenant.endpoint(receiver.url("/hooks/" + tenant.id));
        endpointSecret = endpoint.get("secret").asText();
    }

    @AfterAll
    static void tearDown() {
        receiver.close();
    }

    @Test
    void shouldTurnAShopifyProductWebhookIntoAProductRowAndASignedOutboundEventOnlyOnceWhenReplayed() {
        String body = """
                {"id":788032119674292922,"title":"Example T-Shirt","status":"active","variants":[{"id":642667041472713922,
                 "product_id":788032119674292922,"title":"Small","price":"19.99","sku":"TS-1","inventory_quantity":5}],
                 "updated_at":"2026-11-23T08:00:00-05:00"}""";
        Http.Response first = tenant.shopify("products/update", "ev-shop-1", body);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("status").asText()).isEqualTo("accepted");

        await().atMost(WAIT).until(() -> "Example T-Shirt".equals(tenant.query(
                "SELECT title FROM sync.product WHERE tenant = ? AND source_id = '788032119674292922'", tenant.id)));
        List<Receiver.Request> delivered = awaitDelivered("product.");
        verifySignatures(delivered);

        Http.Response replay = tenant.shopify("products/update", "ev-shop-1", body);
        assertThat(replay.status()).isEqualTo(202);
        // Shopify signs only the body, so its duplicates are keyed on the signed body, not the unsigned event id
        await().atMost(WAIT).until(() -> tenant.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ?",
                tenant.id) >= 2
                && tenant.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? AND duplicate_of IS NOT NULL", tenant.id) >= 1);
        assertThat(tenant.count("SELECT count(*) FROM sync.product WHERE tenant = ?", tenant.id)).isEqualTo(1);
        assertThat(eventsOfType("product.")).as("a replayed webhook has no second effect").hasSize(delivered.size());
    }

    @Test
    void shouldMarkAToastItemEightySixedAndTellTheSubscriber() {
        String body = """
                {"timestamp":"%s","eventCategory":"stock","eventType":"out_of_stock","guid":"g-86-%s",
                 "details":{"itemGuid":"item-86","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                .formatted(Instant.now().toString().replace("Z", "+0000"), tenant.id);
        Http.Response r = tenant.toast(body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> Boolean.FALSE.equals(tenant.query(
                "SELECT is_available FROM sync.menu_item WHERE tenant = ? AND external_id = 'item-86'", tenant.id)));
        verifySignatures(awaitDelivered("item.availability_changed"));
        Http.Response items = Http.operator("GET", stack.url("sync-service") + "/api/tenants/" + tenant.id
                + "/menu-items?available=false", null);
        assertThat(items.status()).isEqualTo(200);
        assertThat(items.header("Cache-Control")).contains("max-age=5");
        assertThat(items.body()).contains("item-86");
    }

    @Test
    void shouldRecordASquareInventoryCountAndAnnounceLowStock() {
        String body = """
                {"merchant_id":"SQ-MERCHANT","type":"inventory.count.updated","event_id":"sq-%s",
                 "created_at":"2026-11-23T08:00:00Z","data":{"type":"inventory","id":"84e4","object":{"inventory_counts":[
                  {"catalog_object_id":"VAR-LOW","catalog_object_type":"ITEM_VARIATION",
                   "location_id":"LOC1","quantity":"2","state":"IN_STOCK","calculated_at":"2026-11-23T07:59:58Z"}]}}}"""
                .formatted(tenant.id);
        Http.Response r = tenant.square(body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> tenant.count("SELECT count(*) FROM sync.inventory_level WHERE tenant = ? "
                + "AND item_id = 'VAR-LOW' AND quantity = 2", tenant.id) == 1);
        verifySignatures(awaitDelivered("inventory.updated"));
        verifySignatures(awaitDelivered("inventory.low_stock"));
    }

    @Test
    void shouldAuditAStandardWebhooksDeliveryFromAnyPlatform() {
        long now = Instant.now().getEpochSecond();
        String id = "msg_" + tenant.id;
        Http.Response r = tenant.standard(id, now, "{\"type\":\"sale.created\",\"data\":{\"id\":\"S1\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> tenant.count("SELECT count(*) FROM sync.webhook_audit WHERE tenant = ? "
                + "AND provider = 'standard' AND external_event_id = ?", tenant.id, id) == 1);
    }

    static List<Receiver.Request> awaitDelivered(String typePrefix) {
        await().atMost(WAIT).until(() -> !eventsOfType(typePrefix).isEmpty());
        return eventsOfType(typePrefix);
    }

    static List<Receiver.Request> eventsOfType(String typePrefix) {
        return receiver.requests("/hooks/" + tenant.id).stream().filter(r -> {
            try {
                return Http.JSON.readTree(r.body()).path("type").asText().startsWith(typePrefix);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    static void verifySignatures(List<Receiver.Request> requests) {
        for (Receiver.Request r : requests) {
            String id = r.headers().get("webhook-id");
            String ts = r.headers().get("webhook-timestamp");
            assertThat(id).isNotBlank();
            assertThat(Math.abs(Long.parseLong(ts) - Instant.now().getEpochSecond())).isLessThan(300);
            String expected = Signers.standard(endpointSecret, id, Long.parseLong(ts), r.body());
            assertThat(r.headers().get("webhook-signature").split(" ")).contains(expected);
        }
    }
}
