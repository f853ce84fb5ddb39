package io.tillsync.platforms.clover;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.platforms.ChangeSource;
import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.Provider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One mapping for polled and webhook-fetched items: live items become upsert, stock and availability; hidden,
 * unavailable and zero-stock items stay (upsert) but are unavailable; deleted items become a delete and an
 * unavailable change. The same item version read twice gives the same ids.
 */
class CloverItemMapperTest {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static final Instant FALLBACK = Instant.parse("2024-01-01T00:00:00Z");
    private static final ChangeSource POLL = ChangeSource.poll("acme", "con_1", Provider.CLOVER, "corr-1");
    private static final String BURGER = """
            {"id":"ITEM99","name":"Burger","price":1299,"priceType":"FIXED","cost":450,"hidden":false,
             "modifiedTime":1537970957000,"sku":"BRG","code":"0012","itemStock":{"item":{"id":"ITEM99"},"stockCount":0,"quantity":0.0}}""";

    private static CloverItemMapper.MappedItem map(String json) {
        return CloverItemMapper.map(POLL, Fixtures.json(json), null, FALLBACK);
    }

    @Test
    void shouldMapALiveItemToUpsertStockAndAvailability() {
        CloverItemMapper.MappedItem polled = map(BURGER);

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
        AvailabilityChange availability = (AvailabilityChange) polled.changes().get(2).getChange();
        assertThat(availability.getAvailable()).isFalse();
        assertThat(availability.getStatus()).isEqualTo("OUT_OF_STOCK");
        assertThat(availability.getName()).isEqualTo("Burger");
    }

    @Test
    void shouldConvertOddCentAmountsExactly() {
        CloverItemMapper.MappedItem polled = map("""
                {"id":"I1","name":"Per pound","price":1,"priceType":"PER_UNIT","unitName":"lb","cost":12345678901,
                 "modifiedTime":1}""");

        ProductUpsert upsert = (ProductUpsert) polled.changes().get(0).getChange();
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("0.0100"));
        assertThat(upsert.getVariants().get(0).getCost()).isEqualTo(new BigDecimal("123456789.0100"));
        assertThat(upsert.getExtras()).containsEntry("priceType", "PER_UNIT").containsEntry("unitName", "lb")
                .containsEntry("unitCost", "123456789.0100");
        assertThat(polled.changes()).hasSize(2); // no itemStock expanded: no inventory level
        assertThat(((AvailabilityChange) polled.changes().get(1).getChange()).getAvailable()).isTrue();
    }

    @Test
    void shouldKeepAHiddenItemAsAnUnavailableUpsertNotADelete() {
        CloverItemMapper.MappedItem hidden = map("""
                {"id":"BEER","name":"Beer","price":700,"hidden":true,"modifiedTime":1700000000000}""");

        assertThat(hidden.deletedReason()).isNull();
        assertThat(hidden.changes()).extracting(c -> c.getChange().getClass().getSimpleName())
                .containsExactly("ProductUpsert", "AvailabilityChange");
        assertThat(((ProductUpsert) hidden.changes().get(0).getChange()).getHidden()).isTrue();
        AvailabilityChange availability = (AvailabilityChange) hidden.changes().get(1).getChange();
        assertThat(availability.getAvailable()).isFalse();
        assertThat(availability.getStatus()).isEqualTo("HIDDEN");
    }

    @Test
    void shouldKeepAnItemMarkedNotAvailableAsAnUnavailableUpsert() {
        CloverItemMapper.MappedItem item = map("""
                {"id":"X","name":"X","price":100,"available":false,"modifiedTime":1700000000000,
                 "itemStock":{"quantity":5}}""");

        AvailabilityChange availability = (AvailabilityChange) item.changes().get(2).getChange();
        assertThat(availability.getAvailable()).isFalse();
        assertThat(availability.getStatus()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void shouldTurnADeletedItemIntoADeleteAndAnUnavailableChange() {
        CloverItemMapper.MappedItem deleted = map("""
                {"id":"OLD","name":"Old","price":700,"deleted":true,"modifiedTime":1700000000001}""");
        CloverItemMapper.MappedItem deletedTime = map("""
                {"id":"OLD2","name":"Old","price":700,"deletedTime":1700000000002,"modifiedTime":1700000000001}""");

        assertThat(deleted.deletedReason()).isEqualTo("deleted");
        assertThat(deleted.changes()).hasSize(2);
        assertThat(((ProductDelete) deleted.changes().get(0).getChange()).getReason()).isEqualTo("deleted");
        AvailabilityChange unavailable = (AvailabilityChange) deleted.changes().get(1).getChange();
        assertThat(unavailable.getAvailable()).isFalse();
        assertThat(unavailable.getStatus()).isEqualTo("DELETED");
        assertThat(deleted.changes()).allSatisfy(c ->
                assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(1700000000001L)));
        assertThat(deletedTime.deletedReason()).isEqualTo("deleted");
    }

    @Test
    void shouldGiveTheSameIdsToTheSameVersionReadTwiceAndNewIdsToANewVersion() {
        JsonNode item = Fixtures.json(BURGER);
        var first = CloverItemMapper.map(POLL, item, null, FALLBACK);
        var again = CloverItemMapper.map(ChangeSource.poll("acme", "con_1", Provider.CLOVER, "corr-2"), item, null,
                Instant.now());
        var newer = map(BURGER.replace("1537970957000", "1537970999000"));

        List<String> ids = first.changes().stream().map(CatalogChange::getChangeId).toList();
        assertThat(again.changes()).extracting(CatalogChange::getChangeId).containsExactlyElementsOf(ids);
        assertThat(newer.changes()).extracting(CatalogChange::getChangeId).doesNotContainAnyElementsOf(ids);
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldStampTheGhostDeleteWithTheCleanupTime() {
        Instant at = Instant.parse("2025-05-01T10:00:00Z");
        var ghost = CloverItemMapper.deleted(POLL, "GONE", at, "ghost");

        assertThat(ghost.changes()).hasSize(2).allSatisfy(c -> {
            assertThat(c.getSourceTime()).isEqualTo(at);
            assertThat(c.getItemId()).isEqualTo("GONE");
        });
        assertThat(((ProductDelete) ghost.changes().get(0).getChange()).getReason()).isEqualTo("ghost");
    }

    @Test
    void shouldRejectAHugeStockQuantityQuickly() {
        map(BURGER); // class loading is not what is measured
        long start = CPU.getCurrentThreadCpuTime(); // this thread's CPU time: the machine's load does not inflate it
        assertThatThrownBy(() -> map("""
                {"id":"X","name":"X","modifiedTime":1,"itemStock":{"quantity":"1e20000000"}}"""))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("quantity out of range");
        assertThat((CPU.getCurrentThreadCpuTime() - start) / 1_000_000).as("CPU ms (the unbounded parse takes ~11 s)").isLessThan(1_000);
    }
}
