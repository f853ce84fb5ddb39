package io.tillsync.platforms.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ItemAvailability;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Shopify's availability rule, per variant (what Shopify counts stock for): a variant of a product that is not
 * {@code active} ({@code draft}, {@code archived}) → unavailable, {@code HIDDEN}; a variant whose inventory Shopify
 * tracks, whose quantity is zero or below and whose {@code inventory_policy} is {@code deny} (no overselling) →
 * unavailable, {@code OUT_OF_STOCK}; otherwise (untracked, in stock, or {@code continue} selling when out of stock)
 * available. Sources: shopify.dev REST ProductVariant ({@code inventory_policy} deny/continue,
 * {@code inventory_management} "shopify" when tracked, {@code inventory_quantity}) and GraphQL InventoryItem
 * ({@code tracked}) / ProductVariant ({@code inventoryPolicy} DENY/CONTINUE, {@code inventoryQuantity}).
 * A deleted product follows {@link ItemAvailability#deleted}.
 */
public final class ShopifyAvailability {

    private ShopifyAvailability() {
    }

    /**
     * @param productStatus the product's status (any case; null reads as active)
     * @param tracked       whether Shopify tracks the variant's inventory
     * @param policy        {@code deny} or {@code continue} (any case; null reads as deny, Shopify's default)
     * @param quantity      the variant's inventory quantity, null when unknown
     */
    public static ItemAvailability of(String productStatus, boolean tracked, String policy, BigDecimal quantity) {
        if (productStatus != null && !"active".equalsIgnoreCase(productStatus)) {
            return ItemAvailability.unavailable(ItemAvailability.HIDDEN);
        }
        boolean deny = policy == null || "deny".equals(policy.toLowerCase(Locale.ROOT));
        if (tracked && deny && quantity != null && quantity.signum() <= 0) {
            return ItemAvailability.unavailable(ItemAvailability.OUT_OF_STOCK);
        }
        return ItemAvailability.available(ItemAvailability.IN_STOCK);
    }

    /** A variant of a REST product body (webhook {@code products/create|update}, {@code products.json}). */
    public static ItemAvailability ofRestVariant(String productStatus, JsonNode variant) {
        String management = PlatformJson.text(variant, "inventory_management");
        boolean tracked = management != null && !management.isBlank();
        return of(productStatus, tracked, PlatformJson.text(variant, "inventory_policy"),
                PlatformJson.decimal(variant, "inventory_quantity"));
    }
}
