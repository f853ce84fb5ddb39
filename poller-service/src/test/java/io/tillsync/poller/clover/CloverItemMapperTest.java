package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Polled items become the same records sync-service's Clover webhook path makes (same fixture as its
 * CloverParserTest), plus issue 6's rules: unit cost in extras, deleted/hidden items as deletes.
 */
class CloverItemMapperTest {

    private static final CloverItemMapper.Context CONTEXT =
            new CloverItemMapper.Context("acme", "con_1", "corr-1", Instant.parse("2024-01-01T00:00:00Z"));
    private static final String BURGER = """
            {"id":"ITEM99","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
             "modifiedTime":1537970957000,"sku":"BRG","code":"0012","itemStock":{"item":{"id":"ITEM99"},"stockCount":0,"quantity":0.0}}""";

    private static JsonNode json(String text) {
        try {
            return CloverJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldMapALiveItemToUpsertStockAndAvailabilityLikeTheWebhookPath() {
        PolledItem polled = CloverItemMapper.map(CONTEXT, json(BURGER));

        assertThat(polled.itemId()).isEqualTo("ITEM99");
        assertThat(polled.modifiedMs()).isEqualTo(1537970957000L);
        assertThat(polled.deletedReason()).isNull();
        assertThat(polled.changes()).hasSize(3).allSatisfy(c -> {
            assertThat(c.getTenant()).isEqualTo("acme");
            assertThat(c.getConnectionId()).isEqualTo("con_1");
            assertThat(c.getProvider()).isEqualTo("clover");
            assertThat(c.getItemId()).isEqualTo("ITEM99");
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1537970957000L));
            assertThat(c.getOrigin()).isEqualTo(ChangeOrigin.POLL);
            assertThat(c.getCorrelationId()).isEqualTo("corr-1");
        });
        ProductUpsert upsert = (ProductUpsert) polled.changes().get(0).getChange();
        assertThat(upsert.getTitle()).isEqualTo("Burger");
        assertThat(upsert.getHidden()).isFalse();
        assertThat(upsert.getExtras()).containsEntry("priceType", "FIXED").containsEntry("code", "0012")
                .containsEntry("unitCost", "4.5000");
        assertThat(upsert.getVariants()).singleElement().satisfies(v -> {
            assertThat(v.getVariantId()).isEqualTo("ITEM99");
            assertThat(v.getSku()).isEqualTo("BRG");
            assertThat(v.getPrice()).isEqualTo(new BigDecimal("12.9900"));
            assertThat(v.getCost()).isEqualTo(new BigDecimal("4.5000"));
        });
        InventoryLevel stock = (InventoryLevel) polled.changes().get(1).getChange();
        assertThat(stock.getQuantity()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(stock.getVariantId()).isEqualTo("ITEM99");
        AvailabilityChange availability = (AvailabilityChange) polled.changes().get(2).getChange();
        assertThat(availability.getAvailable()).isFalse();
        assertThat(availability.getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(availability.getName()).isEqualTo("Burger");
    }

    @Test
    void shouldConvertOddCentAmountsExactly() {
        PolledItem polled = CloverItemMapper.map(CONTEXT, json("""
                {"id":"I1","name":"Per pound","price":1,"priceType":"PER_UNIT","unitName":"lb","cost":12345678901,
                 "modifiedTime":1}"""));

        ProductUpsert upsert = (ProductUpsert) polled.changes().get(0).getChange();
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("0.0100"));
        assertThat(upsert.getVariants().get(0).getCost()).isEqualTo(new BigDecimal("123456789.0100"));
        assertThat(upsert.getExtras()).containsEntry("priceType", "PER_UNIT").containsEntry("unitName", "lb")
                .containsEntry("unitCost", "123456789.0100");
        assertThat(polled.changes()).hasSize(2); // no itemStock expanded: no inventory level
        assertThat(((AvailabilityChange) polled.changes().get(1).getChange()).getAvailable()).isTrue();
    }

    @Test
    void shouldTurnHiddenAndDeletedItemsIntoDeletesWithTheirReason() {
        PolledItem hidden = CloverItemMapper.map(CONTEXT, json("""
                {"id":"BEER","name":"Beer","price":700,"hidden":true,"modifiedTime":1700000000000}"""));
        PolledItem deleted = CloverItemMapper.map(CONTEXT, json("""
                {"id":"OLD","name":"Old","price":700,"deleted":true,"modifiedTime":1700000000001}"""));

        assertThat(hidden.deletedReason()).isEqualTo("hidden");
        assertThat(hidden.changes()).singleElement().satisfies(c -> {
            assertThat(((ProductDelete) c.getChange()).getReason()).isEqualTo("hidden");
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        });
        assertThat(deleted.deletedReason()).isEqualTo("deleted");
        assertThat(deleted.changes()).singleElement()
                .satisfies(c -> assertThat(((ProductDelete) c.getChange()).getReason()).isEqualTo("deleted"));
    }

    @Test
    void shouldGiveTheSameIdsToTheSameVersionReadTwiceAndNewIdsToANewVersion() {
        JsonNode item = json(BURGER);
        PolledItem first = CloverItemMapper.map(CONTEXT, item);
        PolledItem again = CloverItemMapper.map(new CloverItemMapper.Context("acme", "con_1", "corr-2", Instant.now()), item);
        PolledItem newer = CloverItemMapper.map(CONTEXT, json(BURGER.replace("1537970957000", "1537970999000")));

        assertThat(again.changes()).extracting(CatalogChange::getChangeId)
                .containsExactlyElementsOf(first.changes().stream().map(CatalogChange::getChangeId).toList());
        assertThat(newer.changes()).extracting(CatalogChange::getChangeId)
                .doesNotContainAnyElementsOf(first.changes().stream().map(CatalogChange::getChangeId).toList());
        assertThat(first.changes()).extracting(CatalogChange::getChangeId).doesNotHaveDuplicates();
    }

    @Test
    void shouldStampTheGhostDeleteWithTheCleanupTime() {
        Instant at = Instant.parse("2025-05-01T10:00:00Z");
        PolledItem ghost = CloverItemMapper.ghost(CONTEXT, "GONE", at);

        assertThat(ghost.changes()).singleElement().satisfies(c -> {
            assertThat(((ProductDelete) c.getChange()).getReason()).isEqualTo("ghost");
            assertThat(c.getSourceTime()).isEqualTo(at);
            assertThat(c.getItemId()).isEqualTo("GONE");
        });
    }
}
