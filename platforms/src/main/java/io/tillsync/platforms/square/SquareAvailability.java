package io.tillsync.platforms.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.platforms.ItemAvailability;
import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;

/**
 * Square's availability rule, per item variation (what Square counts stock for and marks sold out): a variation
 * whose {@code item_variation_data.location_overrides[]} says {@code sold_out: true} at the location (any location
 * when none is named) → unavailable, {@code SOLD_OUT}; a tracked variation whose {@code IN_STOCK} count is zero or
 * below → unavailable, {@code OUT_OF_STOCK}; the variation of an archived ITEM ({@code is_archived}) → unavailable,
 * {@code HIDDEN}; otherwise available. Square sets {@code sold_out} itself when a tracked variation's count reaches
 * zero (Catalog API reference, ItemVariationLocationOverrides), so the catalog and the counts agree.
 * Deleted objects follow {@link ItemAvailability#deleted}.
 */
public final class SquareAvailability {

    private SquareAvailability() {
    }

    /** The {@code IN_STOCK} count of a variation Square tracks stock for (counts exist only for such variations). */
    public static ItemAvailability ofCount(BigDecimal quantity) {
        return quantity.signum() > 0 ? ItemAvailability.available(ItemAvailability.IN_STOCK)
                : ItemAvailability.unavailable(ItemAvailability.OUT_OF_STOCK);
    }

    /**
     * A variation as SearchCatalogObjects answers it.
     *
     * @param variationData its {@code item_variation_data}
     * @param itemArchived  whether its ITEM is archived
     * @param locationId    the location the connection sells at, or null for every location
     */
    public static ItemAvailability ofVariation(JsonNode variationData, boolean itemArchived, String locationId) {
        if (itemArchived) {
            return ItemAvailability.unavailable(ItemAvailability.HIDDEN);
        }
        for (JsonNode override : variationData.path("location_overrides")) {
            boolean here = locationId == null || locationId.equals(PlatformJson.text(override, "location_id"));
            if (here && override.path("sold_out").asBoolean(false)) {
                return ItemAvailability.unavailable(ItemAvailability.SOLD_OUT);
            }
        }
        return ItemAvailability.available(ItemAvailability.IN_STOCK);
    }
}
