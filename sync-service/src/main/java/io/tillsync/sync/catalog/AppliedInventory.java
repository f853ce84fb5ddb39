package io.tillsync.sync.catalog;

import java.math.BigDecimal;

/**
 * An inventory row as the winning change left it, with the quantity before that change (null when the change created
 * the row) and the item's low-stock threshold.
 */
public record AppliedInventory(InventoryUpdate update, BigDecimal quantity, BigDecimal previousQuantity,
        BigDecimal threshold) {

    /** {@code inventory.updated} is due: a new row, or a quantity other than before. */
    public boolean quantityChanged() {
        return previousQuantity == null || previousQuantity.compareTo(quantity) != 0;
    }

    /** {@code inventory.low_stock} is due: the quantity went under the threshold with this change. */
    public boolean fellBelowThreshold() {
        return quantity.compareTo(threshold) < 0 && (previousQuantity == null || previousQuantity.compareTo(threshold) >= 0);
    }
}
