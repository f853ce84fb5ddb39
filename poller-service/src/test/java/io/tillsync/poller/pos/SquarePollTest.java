package io.tillsync.poller.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.poller.poll.PollRunner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Square polling against {@link FakeSquare}: catalog and counts cursors followed (page size 2 in the test
 * configuration), deleted objects, sold out at the location and tracked stock at zero.
 */
class SquarePollTest extends PosStackTestBase {

    @Test
    void shouldFollowCursorsAndJudgeSoldOutAndZeroStockThenReadOnlyWhatChanged() {
        Instant old = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        FakeSquare square = fake(new FakeSquare()).seller("sq-tok");
        square.put("sq-tok", new FakeSquare.Item("A", "Latte", 450, true, false, false, old))
                .put("sq-tok", new FakeSquare.Item("B", "Mocha", 500, false, true, false, old))
                .put("sq-tok", new FakeSquare.Item("C", "Tea", 300, true, false, false, old))
                .put("sq-tok", new FakeSquare.Item("D", "Scone", 350, false, false, false, old))
                .count("sq-tok", "A-V", "0", old).count("sq-tok", "C-V", "7", old);
        String tenant = newTenant();
        String connection = connection(tenant, "square", "MERCH1", "sq-tok", square.baseUrl(), "{}");

        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        List<CatalogChange> first = changes(tenant);
        assertThat(first).filteredOn(c -> c.getChange() instanceof ProductUpsert).hasSize(4);
        assertThat(first).filteredOn(c -> c.getChange() instanceof InventoryLevel).hasSize(2);
        assertThat(availability(first)).containsExactlyInAnyOrderEntriesOf(
                Map.of("A", false, "B", false, "C", true, "D", true));
        assertThat(square.count("/v2/catalog/search")).isEqualTo(2); // 4 items, 2 a page
        assertThat(square.requests()).filteredOn(r -> r.path().equals("/v2/catalog/search"))
                .allSatisfy(r -> assertThat(r.body().has("begin_time")).isFalse());

        square.clearRequests();
        Instant mark = Instant.now();
        Instant now = Instant.now().plusSeconds(1);
        square.count("sq-tok", "A-V", "3", now)
                .put("sq-tok", new FakeSquare.Item("D", "Scone", 350, false, false, true, now));
        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        assertThat(square.requests()).hasSize(2);
        assertThat(square.requests()).filteredOn(r -> r.path().equals("/v2/catalog/search")).singleElement()
                .satisfies(r -> {
                    assertThat(r.body().get("include_deleted_objects").asBoolean()).isTrue();
                    assertThat(r.body().has("begin_time")).isTrue();
                });
        List<CatalogChange> second = changesSince(tenant, mark);
        assertThat(availability(second)).containsExactlyInAnyOrderEntriesOf(Map.of("A", true, "D", false));
        assertThat(second).filteredOn(c -> c.getChange() instanceof ProductDelete).singleElement()
                .satisfies(c -> assertThat(c.getItemId()).isEqualTo("D"));
    }
}
