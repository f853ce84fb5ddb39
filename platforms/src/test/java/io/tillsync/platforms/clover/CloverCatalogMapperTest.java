package io.tillsync.platforms.clover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.FakeOutbound;
import io.tillsync.platforms.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clover webhooks name objects; items are fetched and mapped as polling maps them. */
class CloverCatalogMapperTest {

    private static final String WEBHOOK = """
            {"appId":"APP","merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":1537970958000},
              {"objectId":"O:ORDER1","type":"CREATE","ts":1537970958000}]}}""";

    private final FakeOutbound http = new FakeOutbound();
    private final CloverClient client = new CloverClient(http, new CloverRateLimiter(CloverRateLimiter.Limits.clover()),
            CloverClient.Backoff.clover(), Duration.ofSeconds(5), d -> { }, (k, o) -> { }, Clock.systemUTC());

    private List<CatalogChange> parse(String body) {
        var event = Fixtures.event("clover", "UPDATE", null, body, Map.of(), "MID");
        return new CloverCatalogMapper(client).changes(event, new ApiTarget("https://apisandbox.dev.clover.com", "tok"))
                .block();
    }

    @Test
    void shouldFetchTheNamedItemAndEmitUpsertStockAndAvailability() {
        http.answer(200, """
                {"id":"ITEM99","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
                 "modifiedTime":1537970957000,"sku":"BRG","itemStock":{"item":{"id":"ITEM99"},"stockCount":0,"quantity":0.0}}""");

        List<CatalogChange> changes = parse(WEBHOOK);

        assertThat(http.requests()).singleElement().satisfies(r -> {
            assertThat(r.uri().toString())
                    .isEqualTo("https://apisandbox.dev.clover.com/v3/merchants/MID/items/ITEM99?expand=itemStock");
            assertThat(r.headers()).containsEntry("Authorization", "Bearer tok");
        });
        assertThat(changes).hasSize(3).allSatisfy(c -> {
            assertThat(c.getItemId()).isEqualTo("ITEM99");
            assertThat(c.getOrigin()).isEqualTo(ChangeOrigin.WEBHOOK);
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1537970957000L));
        });
        ProductUpsert upsert = (ProductUpsert) changes.get(0).getChange();
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("12.9900"));
        assertThat(((InventoryLevel) changes.get(1).getChange()).getQuantity()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(((AvailabilityChange) changes.get(2).getChange()).getStatus()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void shouldTurnAnItemClover404sIntoADeleteAtTheWebhookTime() {
        http.answer(404, "");

        List<CatalogChange> changes = parse(WEBHOOK);

        assertThat(changes).hasSize(2).allSatisfy(c ->
                assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1537970958000L)));
        assertThat(changes.get(0).getChange()).isInstanceOf(ProductDelete.class);
        assertThat(((AvailabilityChange) changes.get(1).getChange()).getAvailable()).isFalse();
    }

    @Test
    void shouldNotFetchForDeleteOrVerificationCalls() {
        assertThat(parse("{\"merchants\":{\"MID\":[{\"objectId\":\"I:ITEM7\",\"type\":\"DELETE\",\"ts\":1}]}}"))
                .first().satisfies(c -> assertThat(c.getChange()).isInstanceOf(ProductDelete.class));
        assertThat(parse("{\"verificationCode\":\"abc\"}")).isEmpty();
        assertThat(http.requests()).isEmpty();
    }
}
