package io.tillsync.platforms.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.avro.Sale;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.PlatformDataException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Square's order webhooks name the order, which is fetched with RetrieveOrder; refunds are read from the event. */
class SquareSaleMapperTest {

    private static final ApiTarget TARGET = new ApiTarget("https://connect.squareupsandbox.com", "tok");
    private static final String ORDER = """
            {"order":{"id":"CAISENgvlJ6jLWAzERDzjyHVybY","location_id":"057P5VYJ4A5X1","state":"COMPLETED","version":4,
             "created_at":"2025-04-22T19:30:00Z","updated_at":"2025-04-22T19:35:00Z",
             "line_items":[{"uid":"8uSw","catalog_object_id":"BEMYCSMIJL46OCDV4KYIKXIB","name":"Steak","quantity":"2",
               "base_price_money":{"amount":1599,"currency":"USD"},"total_money":{"amount":3198,"currency":"USD"}}],
             "total_money":{"amount":3198,"currency":"USD"},"total_tax_money":{"amount":0,"currency":"USD"}}}""";

    private final FakeOutbound http = new FakeOutbound();
    private final SquareSaleMapper mapper = new SquareSaleMapper(new SquareClient(http, "2025-01-23",
            Duration.ofSeconds(5), Clock.systemUTC()));

    private List<Sale> map(String body) {
        var event = Fixtures.event("square", "x", "e1", body, Map.of(), "6SSW7HV8K2ST5");
        assertThat(mapper.supports(event)).isTrue();
        return mapper.sales(event, TARGET).block();
    }

    @Test
    void shouldFetchTheOrderNamedByOrderCreated() {
        http.answer(200, ORDER);
        Sale sale = map("""
                {"merchant_id":"6SSW7HV8K2ST5","type":"order.created","event_id":"116038d3","created_at":"2025-04-22T19:30:01Z",
                 "data":{"type":"order","id":"CAISENgvlJ6jLWAzERDzjyHVybY","object":{"order_created":{
                 "created_at":"2025-04-22T19:30:00Z","location_id":"057P5VYJ4A5X1","order_id":"CAISENgvlJ6jLWAzERDzjyHVybY",
                 "state":"OPEN","version":1}}}}""").get(0);

        assertThat(http.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.uri().toString())
                    .isEqualTo("https://connect.squareupsandbox.com/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY");
            assertThat(r.headers()).containsEntry("Authorization", "Bearer tok").containsEntry("Square-Version", "2025-01-23");
        });
        assertThat(sale.getVersion()).as("the fetched order's version, newer than the webhook's").isEqualTo(4L);
        assertThat(sale.getStatus()).isEqualTo("COMPLETED");
        assertThat(sale.getTotal()).isEqualTo(new BigDecimal("31.9800"));
        assertThat(sale.getCurrency()).isEqualTo("USD");
        assertThat(sale.getLines()).singleElement().satisfies(l -> {
            assertThat(l.getVariantId()).isEqualTo("BEMYCSMIJL46OCDV4KYIKXIB");
            assertThat(l.getQuantity()).isEqualTo(new BigDecimal("2.0000"));
            assertThat(l.getUnitPrice()).isEqualTo(new BigDecimal("15.9900"));
        });
    }

    @Test
    void shouldFetchTheOrderOfAPayment() {
        http.answer(200, ORDER);
        map("""
                {"merchant_id":"ML82H4QPKMGXY","type":"payment.updated","event_id":"p1","created_at":"2025-04-22T19:35:01Z",
                 "data":{"type":"payment","id":"KkAk","object":{"payment":{"id":"KkAk","status":"COMPLETED",
                 "order_id":"CAISENgvlJ6jLWAzERDzjyHVybY","amount_money":{"amount":3198,"currency":"USD"}}}}}""");

        assertThat(http.requests().get(0).uri().getPath()).isEqualTo("/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY");
    }

    @Test
    void shouldPublishARefundOnlyOnceItIsCompleted() {
        String refund = """
                {"merchant_id":"6SSW7HV8K2ST5","type":"refund.updated","event_id":"r1","created_at":"2025-04-22T19:40:00Z",
                 "data":{"type":"refund","id":"R1","object":{"refund":{"id":"R1","status":"%s","order_id":"O1",
                 "location_id":"L1","reason":"Broken item","updated_at":"2025-04-22T19:40:00Z",
                 "amount_money":{"amount":500,"currency":"USD"}}}}}""";

        assertThat(map(refund.formatted("PENDING"))).isEmpty();
        Sale sale = map(refund.formatted("COMPLETED")).get(0);
        assertThat(sale.getSaleId()).isEqualTo("O1");
        assertThat(sale.getRefund().getAmount()).isEqualTo(new BigDecimal("5.0000"));
        assertThat(http.requests()).isEmpty();
    }

    @Test
    void shouldFailPermanentlyWhenTheOrderIsGone() {
        http.answer(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
        assertThatThrownBy(() -> map("""
                {"type":"order.updated","data":{"object":{"order_updated":{"order_id":"GONE","version":2}}}}"""))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("GONE");
    }
}
