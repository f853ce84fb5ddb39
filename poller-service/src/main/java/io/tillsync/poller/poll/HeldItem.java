package io.tillsync.poller.poll;

import java.math.BigDecimal;

/**
 * One row the poller keeps per connection between polls ({@code poller.poll_item}): an item it published
 * ({@code kind = item}; {@code state} is the provider's summary, such as Toast's stock status) or a reference
 * ({@code kind = ref}: a variation or inventory item pointing at its {@code parent} item, with a quantity).
 */
public record HeldItem(String kind, String itemId, String parent, String state, BigDecimal quantity, boolean deleted) {

    public static final String ITEM = "item";
    public static final String REF = "ref";

    public static HeldItem item(String itemId, String state) {
        return new HeldItem(ITEM, itemId, null, state, null, false);
    }

    public static HeldItem ref(String refId, String parent, BigDecimal quantity) {
        return new HeldItem(REF, refId, parent, null, quantity, false);
    }
}
