package io.tillsync.sync.catalog;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import java.math.BigDecimal;
import java.time.Instant;

/** One inventory level to apply to {@code inventory_level}; absent variant and location are stored as ''. */
public record InventoryUpdate(String tenant, String provider, String itemId, String variantId, String locationId,
        String connectionId, BigDecimal quantity, String state, Instant sourceTime, String changeId) {

    public static InventoryUpdate of(CatalogChange change, InventoryLevel level) {
        return new InventoryUpdate(change.getTenant(), change.getProvider(), change.getItemId(),
                level.getVariantId() == null ? "" : level.getVariantId(),
                level.getLocationId() == null ? "" : level.getLocationId(), change.getConnectionId(),
                level.getQuantity(), level.getState(), change.getSourceTime(), change.getChangeId());
    }
}
