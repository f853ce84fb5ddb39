package io.tillsync.schemas;

import io.tillsync.avro.InventoryLowStock;
import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.ItemAvailabilityChanged;
import io.tillsync.avro.OrderEvent;
import io.tillsync.avro.ProductChanged;
import io.tillsync.avro.Sale;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every event type something in Tillsync publishes on {@code platform.events}, once: its name, what it means and the
 * Avro record its {@code data} holds (the contract a subscriber's JSON schema is generated from, see
 * {@link AvroJsonSchema}). A type nothing produces does not belong here.
 */
public final class PlatformEventTypes {

    public static final String ITEM_AVAILABILITY_CHANGED = "item.availability_changed";
    public static final String INVENTORY_UPDATED = "inventory.updated";
    public static final String INVENTORY_LOW_STOCK = "inventory.low_stock";
    public static final String PRODUCT_CREATED = "product.created";
    public static final String PRODUCT_UPDATED = "product.updated";
    public static final String PRODUCT_DELETED = "product.deleted";
    public static final String ORDER_INJECTED = "order.injected";
    public static final String SALE_CREATED = "sale.created";
    public static final String SALE_UPDATED = "sale.updated";
    public static final String SALE_STATUS_CHANGED = "sale.status_changed";
    public static final String SALE_REFUNDED = "sale.refunded";

    /** One catalogued type: what it means and the schema of its data. */
    public record EventType(String type, String description, Schema data) {
    }

    /** Type name to its entry, in catalogue order. */
    public static final Map<String, EventType> ALL = all();

    private PlatformEventTypes() {
    }

    private static Map<String, EventType> all() {
        Map<String, EventType> m = new LinkedHashMap<>();
        put(m, SALE_CREATED, "A sale (order) was recorded on a point of sale", Sale.getClassSchema());
        put(m, SALE_UPDATED, "A sale changed (a newer version of the order, same status)", Sale.getClassSchema());
        put(m, SALE_STATUS_CHANGED, "A sale changed status (paid, completed, cancelled, refunded)",
                Sale.getClassSchema());
        put(m, SALE_REFUNDED, "A refund of a sale completed", Sale.getClassSchema());
        put(m, INVENTORY_UPDATED, "An item's stock level changed", InventoryUpdated.getClassSchema());
        put(m, INVENTORY_LOW_STOCK, "An item's stock fell to or below its threshold",
                InventoryLowStock.getClassSchema());
        put(m, ITEM_AVAILABILITY_CHANGED, "An item became available or unavailable (86'd)",
                ItemAvailabilityChanged.getClassSchema());
        put(m, PRODUCT_CREATED, "A product appeared in a connected catalogue", ProductChanged.getClassSchema());
        put(m, PRODUCT_UPDATED, "A product changed", ProductChanged.getClassSchema());
        put(m, PRODUCT_DELETED, "A product was removed", ProductChanged.getClassSchema());
        put(m, ORDER_INJECTED, "An order was injected into a point of sale", OrderEvent.getClassSchema());
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, EventType> m, String type, String description, Schema data) {
        m.put(type, new EventType(type, description, data));
    }
}
