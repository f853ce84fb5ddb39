package io.tillsync.platforms.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.json.PlatformJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shopify's availability rule and the REST Link header's next page_info. */
class ShopifyPollMappingTest {

    private static boolean available(String variants) {
        return ShopifyCatalogMapper.isAvailable(PlatformJson.any(("{\"id\":9554194432293,\"variants\":[" + variants
                + "]}").getBytes(StandardCharsets.UTF_8), "test"));
    }

    @Test
    void shouldBeUnavailableOnlyWhenEveryVariantIsTrackedDenyAndAtZero() {
        String denyZero = "{\"id\":1,\"inventory_management\":\"shopify\",\"inventory_policy\":\"deny\",\"inventory_quantity\":0}";
        String continueZero = "{\"id\":2,\"inventory_management\":\"shopify\",\"inventory_policy\":\"continue\",\"inventory_quantity\":0}";
        String untracked = "{\"id\":3,\"inventory_management\":null,\"inventory_policy\":\"deny\",\"inventory_quantity\":0}";
        String denyFive = "{\"id\":4,\"inventory_management\":\"shopify\",\"inventory_policy\":\"deny\",\"inventory_quantity\":5}";

        assertThat(available(denyZero)).isFalse();
        assertThat(available(continueZero)).isTrue();
        assertThat(available(untracked)).isTrue();
        assertThat(available(denyZero + "," + denyFive)).isTrue();
    }

    @Test
    void shouldTakeThePageInfoOfTheNextLinkOnly() {
        String link = "<https://shop.myshopify.com/admin/api/2024-10/products.json?limit=250&page_info=prev123>; "
                + "rel=\"previous\", <https://shop.myshopify.com/admin/api/2024-10/products.json?limit=250&"
                + "page_info=eyJsYXN0X2lkIjo0fQ>; rel=\"next\"";

        assertThat(ShopifyAdminClient.nextPageInfo(link)).isEqualTo("eyJsYXN0X2lkIjo0fQ");
        assertThat(ShopifyAdminClient.nextPageInfo("<https://x/p.json?page_info=a>; rel=\"previous\"")).isNull();
        assertThat(ShopifyAdminClient.nextPageInfo(null)).isNull();
    }
}
