package io.tillsync.platforms.square;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Square's availability rule over an ITEM's variations: sold out at the location, or tracked at zero. */
class SquarePollMappingTest {

    private static final String ITEM = """
            {"type":"ITEM","id":"I1","item_data":{"name":"Latte","variations":[
              {"type":"ITEM_VARIATION","id":"V1","item_variation_data":{"item_id":"I1","track_inventory":true,
               "location_overrides":[{"location_id":"L1","sold_out":false},{"location_id":"L2","sold_out":true}]}},
              {"type":"ITEM_VARIATION","id":"V2","item_variation_data":{"item_id":"I1",
               "location_overrides":[{"location_id":"L1","sold_out":true}]}}]}}""";

    @Test
    void shouldJudgeEachVariationAtTheLocationAndTheItemUnavailableOnlyWhenAllAre() {
        var item = PlatformJson.any(ITEM.getBytes(StandardCharsets.UTF_8), "test");
        String atL1 = SquareCatalogMapper.stockProfile(item, "L1");
        String atL2 = SquareCatalogMapper.stockProfile(item, "L2");

        assertThat(SquareCatalogMapper.profileVariations(atL1)).containsExactly("V1", "V2");
        // at L1: V2 sold out, V1 tracked: available while V1 has stock
        assertThat(SquareCatalogMapper.isAvailable(atL1, Map.of("V1", new BigDecimal("3")))).isTrue();
        assertThat(SquareCatalogMapper.isAvailable(atL1, Map.of("V1", BigDecimal.ZERO))).isFalse();
        assertThat(SquareCatalogMapper.isAvailable(atL1, Map.of())).isFalse();
        // at L2: V1 sold out, V2 untracked and not sold out there: available
        assertThat(SquareCatalogMapper.isAvailable(atL2, Map.of())).isTrue();
    }
}
