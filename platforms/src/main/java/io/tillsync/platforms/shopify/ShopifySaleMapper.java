package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.Sale;
import io.tillsync.avro.SaleLine;
import io.tillsync.avro.SaleRefund;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.SaleStatus;
import io.tillsync.platforms.SaleWebhookMapper;
import io.tillsync.platforms.WebhookEvent;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Shopify order webhooks, which carry the whole order (shopify.dev REST Order: {@code id}, {@code name},
 * {@code created_at}, {@code updated_at}, {@code cancelled_at}, {@code closed_at}, {@code financial_status},
 * {@code currency}, {@code total_price}, {@code total_tax}, {@code location_id}, {@code line_items[]}):
 * {@code orders/create}, {@code orders/updated}, {@code orders/cancelled} and {@code orders/paid} → a snapshot of the
 * order whose version is its {@code updated_at}; {@code refunds/create} ({@code id}, {@code order_id},
 * {@code created_at}, {@code note}, {@code transactions[]} of kind {@code refund}) → a refund whose amount is the sum
 * of its successful refund transactions. Status: {@code cancelled_at} → CANCELED; financial status {@code refunded},
 * {@code partially_refunded} → REFUNDED, PARTIALLY_REFUNDED; {@code closed_at} → COMPLETED; {@code paid} → PAID;
 * otherwise OPEN. Ids exceed 2^53 and are read as exact text; money is decimal text.
 */
public final class ShopifySaleMapper implements SaleWebhookMapper {

    @Override
    public Provider provider() {
        return Provider.SHOPIFY;
    }

    @Override
    public boolean supportsEventType(String eventType) {
        return eventType != null && ShopifyPlatform.SALE_TOPICS.contains(eventType.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean supports(WebhookEvent event) {
        return ShopifyPlatform.SALE_TOPICS.contains(topic(event));
    }

    @Override
    public Mono<List<Sale>> sales(WebhookEvent event, ApiTarget api) {
        return Mono.fromCallable(() -> sales(event));
    }

    /** The sale of one webhook; Shopify's order webhooks never need a fetch. */
    public static List<Sale> sales(WebhookEvent event) {
        String topic = topic(event);
        if (ShopifyPlatform.TOPIC_REFUND_CREATE.equals(topic)) {
            return List.of(refund(event));
        }
        if (!ShopifyPlatform.SALE_TOPICS.contains(topic)) {
            throw new PlatformDataException("unsupported Shopify topic " + topic);
        }
        return List.of(order(event.body(), event.receivedAt()));
    }

    static String topic(WebhookEvent event) {
        String header = event.header(ShopifyPlatform.TOPIC_HEADER.toLowerCase(Locale.ROOT));
        String topic = header != null ? header : event.eventType();
        return topic == null ? "" : topic.trim().toLowerCase(Locale.ROOT);
    }

    /** An order body (webhook or REST answer) as a sale snapshot. */
    public static Sale order(JsonNode order, Instant fallbackTime) {
        String id = PlatformJson.required(order, "id", "Shopify order");
        Instant updated = PlatformJson.time(order, "updated_at");
        Instant at = updated != null ? updated : fallbackTime;
        String financial = PlatformJson.text(order, "financial_status");
        List<SaleLine> lines = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            BigDecimal quantity = PlatformJson.decimal(line, "quantity");
            lines.add(SaleLine.newBuilder().setLineId(PlatformJson.text(line, "id"))
                    .setItemId(PlatformJson.text(line, "product_id")).setVariantId(PlatformJson.text(line, "variant_id"))
                    .setName(PlatformJson.text(line, "title")).setSku(PlatformJson.text(line, "sku"))
                    .setQuantity(quantity == null ? BigDecimal.ZERO.setScale(4) : quantity)
                    .setUnitPrice(PlatformJson.decimal(line, "price")).build());
        }
        return Sale.newBuilder().setSaleId(id).setProvider(Provider.SHOPIFY.id()).setVersion(at.toEpochMilli())
                .setStatus(status(order, financial)).setSourceStatus(financial)
                .setNumber(PlatformJson.text(order, "name")).setLocationId(PlatformJson.text(order, "location_id"))
                .setCurrency(PlatformJson.text(order, "currency")).setTotal(PlatformJson.decimal(order, "total_price"))
                .setTax(PlatformJson.decimal(order, "total_tax")).setCreatedAt(PlatformJson.time(order, "created_at"))
                .setUpdatedAt(at).setLines(lines).build();
    }

    private static String status(JsonNode order, String financial) {
        if (PlatformJson.text(order, "cancelled_at") != null) {
            return SaleStatus.CANCELED;
        }
        String f = financial == null ? "" : financial.toLowerCase(Locale.ROOT);
        return switch (f) {
            case "refunded" -> SaleStatus.REFUNDED;
            case "partially_refunded" -> SaleStatus.PARTIALLY_REFUNDED;
            default -> PlatformJson.text(order, "closed_at") != null ? SaleStatus.COMPLETED
                    : "paid".equals(f) ? SaleStatus.PAID : SaleStatus.OPEN;
        };
    }

    private static Sale refund(WebhookEvent event) {
        JsonNode body = event.body();
        String refundId = PlatformJson.required(body, "id", "Shopify refund");
        String orderId = PlatformJson.required(body, "order_id", "Shopify refund");
        Instant created = PlatformJson.time(body, "created_at");
        Instant at = created != null ? created : event.receivedAt();
        BigDecimal amount = null;
        String currency = null;
        for (JsonNode t : body.path("transactions")) {
            if ("refund".equals(PlatformJson.text(t, "kind")) && "success".equals(PlatformJson.text(t, "status"))) {
                BigDecimal a = PlatformJson.decimal(t, "amount");
                amount = a == null ? amount : amount == null ? a : amount.add(a);
                currency = currency != null ? currency : PlatformJson.text(t, "currency");
            }
        }
        return Sale.newBuilder().setSaleId(orderId).setProvider(Provider.SHOPIFY.id()).setVersion(at.toEpochMilli())
                .setStatus(SaleStatus.REFUNDED).setCurrency(currency).setUpdatedAt(at)
                .setRefund(SaleRefund.newBuilder().setRefundId(refundId).setAmount(amount)
                        .setReason(PlatformJson.text(body, "note")).setStatus("success").build())
                .build();
    }
}
