package io.tillsync.poller.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import io.tillsync.poller.poll.PollRunner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Toast polling against {@link FakeToast}: menus behind the metadata check, stock by the /inventory list. */
class ToastPollTest extends PosStackTestBase {

    @Test
    void shouldReadMenusAndStockFirstThenOnlyMetadataAndStockWhileTheMenusAreUnchanged() {
        FakeToast toast = fake(new FakeToast()).restaurant("r-1", "tok-1");
        Map<String, String> items = new LinkedHashMap<>();
        items.put("burger", "Burger");
        items.put("fries", "Fries");
        items.put("salad", "Salad");
        toast.publish("r-1", items, Instant.parse("2026-11-20T10:00:00Z"))
                .stock("r-1", "burger", "OUT_OF_STOCK", null).stock("r-1", "fries", "QUANTITY", 3.0);
        String tenant = newTenant();
        String connection = connection(tenant, "toast", "r-1", "tok-1", toast.baseUrl(), "{}");

        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        List<CatalogChange> first = changes(tenant);
        assertThat(first).filteredOn(c -> c.getChange() instanceof ProductUpsert).hasSize(3);
        assertThat(availability(first)).containsExactlyInAnyOrderEntriesOf(
                Map.of("burger", false, "fries", true, "salad", true));
        assertThat(toast.count("/menus/v2/menus")).isEqualTo(1);
        assertThat(state(connection).get("cursor")).isEqualTo("2026-11-20T10:00:00Z");

        toast.clearRequests();
        Instant mark = Instant.now();
        toast.stock("r-1", "burger", "IN_STOCK", null).stock("r-1", "fries", "QUANTITY", 0.0);
        assertThat(pollNow(connection)).isEqualTo(PollRunner.Outcome.COMPLETED);

        assertThat(toast.requests()).extracting(FakePlatform.Request::path)
                .containsExactly("/menus/v2/metadata", "/stock/v1/inventory");
        List<CatalogChange> second = changesSince(tenant, mark);
        // burger dropped off the list: back in stock; fries at quantity 0: unavailable; salad unchanged: nothing
        assertThat(availability(second)).containsExactlyInAnyOrderEntriesOf(Map.of("burger", true, "fries", false));
        assertThat(second).allSatisfy(c -> assertThat(c.getOrigin().name()).isEqualTo("POLL"));
    }

    @Test
    void shouldDeleteAndMarkUnavailableAnItemTheRepublishedMenusNoLongerHave() {
        FakeToast toast = fake(new FakeToast()).restaurant("r-2", "tok-2");
        toast.publish("r-2", Map.of("soup", "Soup", "cake", "Cake"), Instant.parse("2026-11-20T10:00:00Z"));
        String tenant = newTenant();
        String connection = connection(tenant, "toast", "r-2", "tok-2", toast.baseUrl(), "{}");
        pollNow(connection);
        Instant mark = Instant.now();

        toast.publish("r-2", Map.of("soup", "Soup"), Instant.parse("2026-11-21T10:00:00Z"));
        pollNow(connection);

        List<CatalogChange> after = changesSince(tenant, mark);
        assertThat(after).filteredOn(c -> c.getChange() instanceof ProductDelete).singleElement()
                .satisfies(c -> assertThat(c.getItemId()).isEqualTo("cake"));
        assertThat(availability(after)).containsEntry("cake", false);
        assertThat(toast.count("/menus/v2/menus")).isEqualTo(2);
    }
}
