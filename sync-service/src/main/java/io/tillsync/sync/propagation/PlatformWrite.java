package io.tillsync.sync.propagation;

import io.tillsync.avro.Variant;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One write to a target platform. {@code targetItemId} is the item's id on the target (null for a create);
 * {@code link} holds the target-side ids remembered from the create (variant, inventory item, version);
 * {@code idempotencyKey} is stable for the change and target, for platforms that accept one.
 */
public sealed interface PlatformWrite {

    String idempotencyKey();

    record SetAvailability(String idempotencyKey, String targetItemId, Map<String, String> link, boolean available)
            implements PlatformWrite {
    }

    record SetInventory(String idempotencyKey, String targetItemId, Map<String, String> link, BigDecimal quantity)
            implements PlatformWrite {
    }

    record UpsertProduct(String idempotencyKey, String targetItemId, Map<String, String> link, String title,
            String status, List<Variant> variants) implements PlatformWrite {
    }

    record DeleteProduct(String idempotencyKey, String targetItemId) implements PlatformWrite {
    }
}
