package io.tillsync.platforms.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.Sale;
import io.tillsync.avro.SaleLine;
import io.tillsync.avro.SaleRefund;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.CatalogWebhookMapper;
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
 * Square order, payment and refund webhooks. {@code order.created} and {@code order.updated} carry only
 * {@code data.object.order_created|order_updated} ({@code order_id}, {@code version}, {@code state},
 * {@code location_id}), and {@code payment.created|updated} a payment naming its {@code order_id}: the order is
 * fetched with RetrieveOrder and becomes a snapshot whose version is Square's order {@code version} (else its
 * {@code updated_at}). {@code refund.created|updated} ({@code data.object.refund}: {@code id}, {@code order_id},
 * {@code status}, {@code amount_money}, {@code reason}) → a refund once its status is {@code COMPLETED}; other
 * statuses publish nothing. States: OPEN and DRAFT → OPEN, COMPLETED, CANCELED. Money is in minor units (cents).
 * Square sends {@code order.created} only for orders made with CreateOrder; point-of-sale orders reach Tillsync
 * through their payments.
 */
public final class SquareSaleMapper implements SaleWebhookMapper {

    private final SquareClient api;

    public SquareSaleMapper(SquareClient api) {
        this.api = api;
    }

    @Override
    public Provider provider() {
        return Provider.SQUARE;
    }

    @Override
    public boolean supportsEventType(String eventType) {
        return eventType != null && SquarePlatform.SALE_EVENTS.contains(eventType.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean supports(WebhookEvent event) {
        return SquarePlatform.SALE_EVENTS.contains(type(event));
    }

    @Override
    public Mono<List<Sale>> sales(WebhookEvent event, ApiTarget target) {
        return Mono.defer(() -> {
            String type = type(event);
            JsonNode object = event.body().path("data").path("object");
            if (type.startsWith("refund.")) {
                Sale refund = refund(object.path("refund"), event.receivedAt());
                return Mono.just(refund == null ? List.<Sale>of() : List.of(refund));
            }
            String orderId = switch (type) {
                case SquarePlatform.EVENT_ORDER_CREATED -> PlatformJson.text(object.path("order_created"), "order_id");
                case SquarePlatform.EVENT_ORDER_UPDATED -> PlatformJson.text(object.path("order_updated"), "order_id");
                default -> PlatformJson.text(object.path("payment"), "order_id");
            };
            if (orderId == null) {
                return Mono.error(new PlatformDataException("Square " + type + " names no order_id"));
            }
            return api.order(CatalogWebhookMapper.require(target, event), orderId)
                    .map(order -> List.of(order(order, event.receivedAt())))
                    .switchIfEmpty(Mono.error(() -> new PlatformDataException("Square order " + orderId
                            + " was not found")));
        });
    }

    private static String type(WebhookEvent event) {
        String type = PlatformJson.text(event.body(), "type");
        return type != null ? type : event.eventType() == null ? "" : event.eventType();
    }

    /** A Square Order (RetrieveOrder's {@code order}) as a sale snapshot. */
    public static Sale order(JsonNode order, Instant fallbackTime) {
        String id = PlatformJson.required(order, "id", "Square order");
        Instant updated = PlatformJson.time(order, "updated_at");
        Instant at = updated != null ? updated : fallbackTime;
        JsonNode version = order.get("version");
        String state = PlatformJson.text(order, "state");
        List<SaleLine> lines = new ArrayList<>();
        for (JsonNode line : order.path("line_items")) {
            BigDecimal quantity = PlatformJson.decimal(line, "quantity");
            lines.add(SaleLine.newBuilder().setLineId(PlatformJson.text(line, "uid"))
                    .setVariantId(PlatformJson.text(line, "catalog_object_id")).setName(PlatformJson.text(line, "name"))
                    .setQuantity(quantity == null ? BigDecimal.ZERO.setScale(4) : quantity)
                    .setUnitPrice(PlatformJson.cents(line.path("base_price_money"), "amount"))
                    .setTotal(PlatformJson.cents(line.path("total_money"), "amount")).build());
        }
        JsonNode total = order.path("total_money");
        return Sale.newBuilder().setSaleId(id).setProvider(Provider.SQUARE.id())
                .setVersion(version != null && version.canConvertToLong() ? version.asLong() : at.toEpochMilli())
                .setStatus(status(state)).setSourceStatus(state).setLocationId(PlatformJson.text(order, "location_id"))
                .setCurrency(PlatformJson.text(total, "currency")).setTotal(PlatformJson.cents(total, "amount"))
                .setTax(PlatformJson.cents(order.path("total_tax_money"), "amount"))
                .setCreatedAt(PlatformJson.time(order, "created_at")).setUpdatedAt(at).setLines(lines).build();
    }

    private static String status(String state) {
        if (state == null) {
            return SaleStatus.OPEN;
        }
        return switch (state) {
            case "COMPLETED" -> SaleStatus.COMPLETED;
            case "CANCELED" -> SaleStatus.CANCELED;
            default -> SaleStatus.OPEN;
        };
    }

    /** A completed PaymentRefund as a refund of its order; null while it is not completed. */
    private static Sale refund(JsonNode refund, Instant fallbackTime) {
        String status = PlatformJson.text(refund, "status");
        if (!"COMPLETED".equals(status)) {
            return null;
        }
        String refundId = PlatformJson.required(refund, "id", "Square refund");
        String orderId = PlatformJson.required(refund, "order_id", "Square refund");
        Instant updated = PlatformJson.time(refund, "updated_at");
        Instant at = updated != null ? updated : fallbackTime;
        JsonNode money = refund.path("amount_money");
        return Sale.newBuilder().setSaleId(orderId).setProvider(Provider.SQUARE.id()).setVersion(at.toEpochMilli())
                .setStatus(SaleStatus.REFUNDED).setLocationId(PlatformJson.text(refund, "location_id"))
                .setCurrency(PlatformJson.text(money, "currency")).setUpdatedAt(at)
                .setRefund(SaleRefund.newBuilder().setRefundId(refundId).setAmount(PlatformJson.cents(money, "amount"))
                        .setReason(PlatformJson.text(refund, "reason")).setStatus(status).build())
                .build();
    }
}
