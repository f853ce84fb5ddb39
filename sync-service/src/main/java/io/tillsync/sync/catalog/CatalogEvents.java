package io.tillsync.sync.catalog;

import io.tillsync.avro.InventoryLowStock;
import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.ItemAvailabilityChanged;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.ProductChanged;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the public {@code platform.events} for applied changes. Event ids are name-based UUIDs of the change id and
 * the event type, so re-emitting after a redelivery produces the same ids and subscribers deduplicate.
 */
public final class CatalogEvents {

    private CatalogEvents() {
    }

    public static String eventId(String changeId, String type) {
        return UUID.nameUUIDFromBytes(("event|" + changeId + "|" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code item.availability_changed} when the winning change flipped (or first set) availability. */
    public static List<PlatformEvent> of(AppliedAvailability a, String correlationId) {
        if (!a.flipped()) {
            return List.of();
        }
        String type = "item.availability_changed";
        return List.of(PlatformEvent.newBuilder().setEventId(eventId(a.changeId(), type)).setTenant(a.tenant())
                .setType(type).setOccurredAt(a.availabilityUpdatedAt()).setSubject(a.externalId())
                .setConnectionId(a.connectionId()).setCorrelationId(correlationId)
                .setData(ItemAvailabilityChanged.newBuilder().setItemId(a.externalId()).setProvider(a.provider())
                        .setName(a.name()).setAvailable(a.available())
                        .setAvailabilityUpdatedAt(a.availabilityUpdatedAt()).build())
                .build());
    }

    /** {@code inventory.updated} when the quantity changed, plus {@code inventory.low_stock} when it fell below. */
    public static List<PlatformEvent> of(AppliedInventory a, String correlationId) {
        List<PlatformEvent> out = new ArrayList<>(2);
        InventoryUpdate u = a.update();
        String variant = u.variantId().isEmpty() ? null : u.variantId();
        if (a.quantityChanged()) {
            String type = "inventory.updated";
            out.add(base(u.changeId(), type, u.tenant(), u.itemId(), u.connectionId(), correlationId, u)
                    .setData(InventoryUpdated.newBuilder().setItemId(u.itemId()).setVariantId(variant)
                            .setLocationId(u.locationId().isEmpty() ? null : u.locationId())
                            .setQuantity(scale(a.quantity())).setPreviousQuantity(scale(a.previousQuantity())).build())
                    .build());
        }
        if (a.fellBelowThreshold()) {
            String type = "inventory.low_stock";
            out.add(base(u.changeId(), type, u.tenant(), u.itemId(), u.connectionId(), correlationId, u)
                    .setData(InventoryLowStock.newBuilder().setItemId(u.itemId()).setVariantId(variant)
                            .setQuantity(scale(a.quantity())).setThreshold(scale(a.threshold())).build())
                    .build());
        }
        return out;
    }

    /** {@code product.created}, {@code product.updated} or {@code product.deleted}. */
    public static List<PlatformEvent> of(AppliedProduct p) {
        String type = p.eventType();
        if (type == null) {
            return List.of();
        }
        var c = p.change();
        return List.of(PlatformEvent.newBuilder().setEventId(eventId(c.getChangeId(), type)).setTenant(c.getTenant())
                .setType(type).setOccurredAt(c.getSourceTime()).setSubject(c.getItemId())
                .setConnectionId(c.getConnectionId()).setCorrelationId(c.getCorrelationId())
                .setData(ProductChanged.newBuilder().setProductId(p.productId().toString())
                        .setSourceSystem(c.getProvider()).setSourceId(c.getItemId()).setTitle(p.title())
                        .setDeleted(p.deleted()).setVariants(p.variants()).build())
                .build());
    }

    private static PlatformEvent.Builder base(String changeId, String type, String tenant, String subject,
            String connectionId, String correlationId, InventoryUpdate u) {
        return PlatformEvent.newBuilder().setEventId(eventId(changeId, type)).setTenant(tenant).setType(type)
                .setOccurredAt(u.sourceTime()).setSubject(subject).setConnectionId(connectionId)
                .setCorrelationId(correlationId);
    }

    private static BigDecimal scale(BigDecimal d) {
        return d == null ? null : d.setScale(4, RoundingMode.HALF_EVEN);
    }
}
