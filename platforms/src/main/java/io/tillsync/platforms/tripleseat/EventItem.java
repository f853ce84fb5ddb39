package io.tillsync.platforms.tripleseat;

import java.math.BigDecimal;
import java.util.List;

/**
 * One line of a TripleSeat event (and of the Revel order made from it).
 *
 * @param sku       the product reference Revel knows the item by (null when TripleSeat has none)
 * @param unitPrice price per unit, scale kept as given (money is never a floating-point number)
 * @param category  the menu category the line was listed under (null when none was given)
 * @param modifiers choices attached to the line ("no onions", "+ add bacon"), in the order given
 */
public record EventItem(String name, String sku, BigDecimal quantity, BigDecimal unitPrice, String category,
        List<Modifier> modifiers) {

    /** A choice attached to an item; {@code price} per unit of the item, zero when it costs nothing. */
    public record Modifier(String name, BigDecimal price) {
    }

    public EventItem {
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    }

    public EventItem(String name, String sku, BigDecimal quantity, BigDecimal unitPrice) {
        this(name, sku, quantity, unitPrice, null, List.of());
    }

    EventItem withModifier(Modifier modifier) {
        List<Modifier> more = new java.util.ArrayList<>(modifiers);
        more.add(modifier);
        return new EventItem(name, sku, quantity, unitPrice, category, more);
    }
}
