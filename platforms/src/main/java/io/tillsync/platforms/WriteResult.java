package io.tillsync.platforms;

import java.util.Map;

/**
 * What a write left on the target platform: the item's id there and ids a later write needs (variant, inventory
 * item, version). {@code variantLinks} pairs a source variant id with the target id an inventory echo will name.
 */
public record WriteResult(String targetItemId, Map<String, String> attributes, Map<String, String> variantLinks) {

    public static WriteResult of(String targetItemId) {
        return new WriteResult(targetItemId, Map.of(), Map.of());
    }
}
