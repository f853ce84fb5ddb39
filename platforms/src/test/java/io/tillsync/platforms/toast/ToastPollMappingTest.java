package io.tillsync.platforms.toast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.json.PlatformJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Toast's availability rule and the stock API's MenuItemInventory list as documented (doc.toasttab.com). */
class ToastPollMappingTest {

    @Test
    void shouldTreatOutOfStockAndQuantityZeroAsUnavailable() {
        assertThat(ToastCatalogMapper.isAvailable("OUT_OF_STOCK", null)).isFalse();
        assertThat(ToastCatalogMapper.isAvailable("QUANTITY", new BigDecimal("0"))).isFalse();
        assertThat(ToastCatalogMapper.isAvailable("QUANTITY", new BigDecimal("2"))).isTrue();
        assertThat(ToastCatalogMapper.isAvailable("IN_STOCK", null)).isTrue();
    }

    @Test
    void shouldReadTheInventoryListsGuidStatusAndQuantity() {
        var items = ToastCatalogMapper.stockItems(PlatformJson.any(("[{\"guid\":\"g1\",\"status\":\"OUT_OF_STOCK\","
                + "\"quantity\":null,\"multiLocationId\":\"m1\"},{\"guid\":\"g2\",\"status\":\"QUANTITY\",\"quantity\":3.0}]")
                .getBytes(StandardCharsets.UTF_8), "test"));

        assertThat(items).containsExactly(new ToastCatalogMapper.StockItem("g1", "OUT_OF_STOCK", null),
                new ToastCatalogMapper.StockItem("g2", "QUANTITY", new BigDecimal("3.0000")));
    }
}
