package io.tillsync.platforms.tripleseat;

import java.math.BigDecimal;

/**
 * One line of a TripleSeat event (and of the Revel order made from it).
 *
 * @param sku       the product reference Revel knows the item by (null when TripleSeat has none)
 * @param unitPrice price per unit, scale kept as given (money is never a floating-point number)
 */
public record EventItem(String name, String sku, BigDecimal quantity, BigDecimal unitPrice) {
}
