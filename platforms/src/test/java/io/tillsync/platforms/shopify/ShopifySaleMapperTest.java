package io.tillsync.platforms.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.Sale;
import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.WebhookEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shopify's documented order and refund bodies become normalized sales. */
class ShopifySaleMapperTest {

    private final ShopifySaleMapper mapper = new ShopifySaleMapper();

    private List<Sale> map(String topic, String body) {
        WebhookEvent event = Fixtures.event("shopify", topic, "evt-1", body, Map.of("x-shopify-topic", topic),
                "shop.myshopify.com");
        assertThat(mapper.supportsEventType(topic)).isTrue();
        assertThat(mapper.supports(event)).isTrue();
        return mapper.sales(event, null).block();
    }

    @Test
    void shouldReadAnOrdersCreateBodyWithExactIdsMoneyAndLines() {
        Sale sale = map("orders/create", """
                {"id":820982911946154508,"name":"#9999","created_at":"2025-04-22T14:30:00-05:00",
                 "updated_at":"2025-04-22T14:31:00-05:00","cancelled_at":null,"closed_at":null,"financial_status":"paid",
                 "currency":"USD","total_price":"403.00","total_tax":"10.00","location_id":24826418,
                 "line_items":[{"id":866550311766439020,"product_id":632910392,"variant_id":808950810,
                  "title":"IPod Nano - 8GB","sku":"IPOD2008PINK","quantity":2,"price":"199.00"}]}""").get(0);

        assertThat(sale.getSaleId()).isEqualTo("820982911946154508");
        assertThat(sale.getVersion()).isEqualTo(Instant.parse("2025-04-22T19:31:00Z").toEpochMilli());
        assertThat(sale.getStatus()).isEqualTo("PAID");
        assertThat(sale.getSourceStatus()).isEqualTo("paid");
        assertThat(sale.getNumber()).isEqualTo("#9999");
        assertThat(sale.getTotal()).isEqualTo(new BigDecimal("403.0000"));
        assertThat(sale.getLocationId()).isEqualTo("24826418");
        assertThat(sale.getLines()).singleElement().satisfies(l -> {
            assertThat(l.getLineId()).isEqualTo("866550311766439020");
            assertThat(l.getVariantId()).isEqualTo("808950810");
            assertThat(l.getQuantity()).isEqualTo(new BigDecimal("2.0000"));
            assertThat(l.getUnitPrice()).isEqualTo(new BigDecimal("199.0000"));
        });
    }

    @Test
    void shouldMapCancelledAndRefundedOrders() {
        String template = """
                {"id":1,"updated_at":"2025-04-22T14:31:00-05:00","cancelled_at":%s,"financial_status":"%s","line_items":[]}""";
        assertThat(map("orders/cancelled", template.formatted("\"2025-04-22T14:31:00-05:00\"", "voided")).get(0)
                .getStatus()).isEqualTo("CANCELED");
        assertThat(map("orders/updated", template.formatted("null", "partially_refunded")).get(0).getStatus())
                .isEqualTo("PARTIALLY_REFUNDED");
        assertThat(map("orders/updated", template.formatted("null", "pending")).get(0).getStatus()).isEqualTo("OPEN");
    }

    @Test
    void shouldReadARefundWithTheSumOfItsSuccessfulRefundTransactions() {
        Sale sale = map("refunds/create", """
                {"id":509562969,"order_id":450789469,"created_at":"2025-04-22T14:45:00-05:00","note":"damaged",
                 "transactions":[{"id":1,"amount":"10.00","kind":"refund","status":"success","currency":"USD"},
                  {"id":2,"amount":"5.50","kind":"refund","status":"success","currency":"USD"},
                  {"id":3,"amount":"99.00","kind":"refund","status":"failure","currency":"USD"}]}""").get(0);

        assertThat(sale.getSaleId()).isEqualTo("450789469");
        assertThat(sale.getRefund().getRefundId()).isEqualTo("509562969");
        assertThat(sale.getRefund().getAmount()).isEqualTo(new BigDecimal("15.5000"));
        assertThat(sale.getRefund().getReason()).isEqualTo("damaged");
    }

    @Test
    void shouldLeaveCatalogTopicsToTheCatalogMapper() {
        assertThat(mapper.supportsEventType("products/update")).isFalse();
    }
}
