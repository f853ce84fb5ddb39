package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clover app webhooks, which only name objects: {@code {"merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE",
 * "ts":...}]}}}. Items ({@code I:} prefix, unconfirmed by Clover's docs) are fetched with
 * {@code GET /v3/merchants/{mId}/items/{id}?expand=itemStock} and become a ProductUpsert, an AvailabilityChange and,
 * when the item has stock, an InventoryLevel. {@code DELETE}, a 404 or a {@code deleted} item become ProductDelete.
 * Objects of other kinds (orders, customers, payments) have no catalog effect; the one-off verification POST
 * ({@code verificationCode}) has none either. Prices and costs are cents.
 */
@Component
public class CloverParser implements CatalogParser {

    private static final String ITEM_PREFIX = "I:";

    private final CloverApi api;

    public CloverParser(CloverApi api) {
        this.api = api;
    }

    @Override
    public String provider() {
        return "clover";
    }

    @Override
    public boolean supports(InboundEvent event) {
        return event.body().path("merchants").isObject() || event.body().has("verificationCode");
    }

    @Override
    public Mono<List<CatalogChange>> parse(InboundEvent event) {
        if (event.body().has("verificationCode")) {
            return Mono.just(List.of());
        }
        List<ObjectRef> items = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> merchants = event.body().path("merchants").fields();
        while (merchants.hasNext()) {
            Map.Entry<String, JsonNode> merchant = merchants.next();
            for (JsonNode ref : merchant.getValue()) {
                String objectId = CatalogChanges.required(ref, "objectId", "Clover webhook object");
                if (objectId.startsWith(ITEM_PREFIX)) {
                    items.add(new ObjectRef(merchant.getKey(), objectId.substring(ITEM_PREFIX.length()),
                            String.valueOf(CatalogChanges.text(ref, "type")), CatalogChanges.time(ref, "ts")));
                }
            }
        }
        return Flux.fromIterable(items).concatMap(ref -> changes(event, ref)).collectList();
    }

    private record ObjectRef(String merchantId, String itemId, String type, Instant ts) {
    }

    private Flux<CatalogChange> changes(InboundEvent event, ObjectRef ref) {
        Instant ts = ref.ts() != null ? ref.ts() : event.receivedAt();
        if ("DELETE".equals(ref.type())) {
            return Flux.just(delete(event, ref.itemId(), ts));
        }
        return api.item(event.api(), ref.merchantId(), ref.itemId())
                .map(item -> item.path("deleted").asBoolean(false) ? List.of(delete(event, ref.itemId(), ts))
                        : fromItem(event, ref.itemId(), item, ts))
                .defaultIfEmpty(List.of(delete(event, ref.itemId(), ts)))
                .flatMapIterable(list -> list);
    }

    private static CatalogChange delete(InboundEvent event, String itemId, Instant ts) {
        return CatalogChanges.of(event, itemId, ts, "delete", ProductDelete.newBuilder().setReason("deleted").build());
    }

    private static List<CatalogChange> fromItem(InboundEvent event, String itemId, JsonNode item, Instant ts) {
        Instant modified = CatalogChanges.time(item, "modifiedTime");
        Instant at = modified != null ? modified : ts;
        String version = String.valueOf(at.toEpochMilli());
        String name = CatalogChanges.text(item, "name");
        boolean hidden = item.path("hidden").asBoolean(false);
        Map<String, String> extras = new LinkedHashMap<>();
        for (String field : List.of("priceType", "code", "unitName")) {
            String value = CatalogChanges.text(item, field);
            if (value != null) {
                extras.put(field, value);
            }
        }
        Variant variant = Variant.newBuilder().setVariantId(itemId).setTitle(name).setSku(CatalogChanges.text(item, "sku"))
                .setPrice(CatalogChanges.cents(item, "price")).setCost(CatalogChanges.cents(item, "cost")).build();
        List<CatalogChange> out = new ArrayList<>();
        out.add(CatalogChanges.of(event, itemId, at, "upsert:" + version, ProductUpsert.newBuilder()
                .setTitle(name == null ? "" : name).setHidden(hidden).setVariants(List.of(variant)).setExtras(extras)
                .build()));

        JsonNode stock = item.path("itemStock");
        BigDecimal quantity = stock.isObject() ? quantity(stock) : null;
        if (quantity != null) {
            out.add(CatalogChanges.of(event, itemId, at, "stock:" + version, InventoryLevel.newBuilder()
                    .setVariantId(itemId).setQuantity(quantity).setState("IN_STOCK").build()));
        }
        boolean sellable = !item.has("available") || item.path("available").asBoolean(true);
        boolean available = !hidden && sellable && (quantity == null || quantity.signum() > 0);
        String status = hidden ? "HIDDEN" : !sellable ? "UNAVAILABLE" : available ? "IN_STOCK" : "OUT_OF_STOCK";
        out.add(CatalogChanges.of(event, itemId, at, "availability:" + version, AvailabilityChange.newBuilder()
                .setAvailable(available).setName(name).setStatus(status).build()));
        return out;
    }

    private static BigDecimal quantity(JsonNode stock) {
        BigDecimal quantity = CatalogChanges.decimal(stock, "quantity");
        return quantity != null ? quantity : CatalogChanges.decimal(stock, "stockCount");
    }
}
