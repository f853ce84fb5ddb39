package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Clover webhooks name objects; items are fetched and become upsert, stock and availability changes. */
class CloverParserTest {

    private static final String WEBHOOK = """
            {"appId":"APP","merchants":{"MID":[{"objectId":"I:ITEM99","type":"UPDATE","ts":1537970958000},
              {"objectId":"O:ORDER1","type":"CREATE","ts":1537970958000}]}}""";

    private List<CatalogChange> parse(String body, CloverApi api) {
        var w = Webhooks.webhook("acme", "con_1", "clover", "UPDATE", null, body, Map.of());
        return new CloverParser(api).parse(Webhooks.event(w, Webhooks.connection("acme", "clover", "MID"))).block();
    }

    @Test
    void shouldFetchTheNamedItemAndEmitUpsertStockAndAvailability() {
        String[] asked = new String[2];
        List<CatalogChange> changes = parse(WEBHOOK, (target, merchant, item) -> {
            asked[0] = merchant;
            asked[1] = item;
            return Mono.just(new JsonFixtures("""
                    {"id":"ITEM99","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
                     "modifiedTime":1537970957000,"sku":"BRG","itemStock":{"item":{"id":"ITEM99"},"stockCount":0,"quantity":0.0}}""").first());
        });

        assertThat(asked).containsExactly("MID", "ITEM99");
        assertThat(changes).hasSize(3).allSatisfy(c -> {
            assertThat(c.getItemId()).isEqualTo("ITEM99");
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1537970957000L));
        });
        ProductUpsert upsert = (ProductUpsert) changes.get(0).getChange();
        assertThat(upsert.getTitle()).isEqualTo("Burger");
        assertThat(upsert.getExtras()).containsEntry("priceType", "FIXED");
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("12.9900"));
        assertThat(upsert.getVariants().get(0).getCost()).isEqualTo(new BigDecimal("4.5000"));
        assertThat(((InventoryLevel) changes.get(1).getChange()).getQuantity()).isEqualTo(new BigDecimal("0.0000"));
        AvailabilityChange availability = (AvailabilityChange) changes.get(2).getChange();
        assertThat(availability.getAvailable()).isFalse();
        assertThat(availability.getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(changes).extracting(CatalogChange::getChangeId).doesNotHaveDuplicates();
    }

    @Test
    void shouldTurnAnItemClover404sIntoProductDelete() {
        List<CatalogChange> changes = parse(WEBHOOK, (target, merchant, item) -> Mono.empty());

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.getChange()).isInstanceOf(ProductDelete.class);
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1537970958000L));
        });
    }

    @Test
    void shouldNotFetchForDeleteOrVerificationCalls() {
        CloverApi failing = (t, m, i) -> Mono.error(new AssertionError("no fetch expected"));
        assertThat(parse("{\"merchants\":{\"MID\":[{\"objectId\":\"I:ITEM7\",\"type\":\"DELETE\",\"ts\":1}]}}", failing))
                .singleElement().satisfies(c -> assertThat(c.getChange()).isInstanceOf(ProductDelete.class));
        assertThat(parse("{\"verificationCode\":\"abc\"}", failing)).isEmpty();
    }
}
