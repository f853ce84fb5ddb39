package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ProductDelete;
import io.tillsync.avro.ProductUpsert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleted items become a delete and an unavailable change; hidden items stay as unavailable upserts; ghost cleanup
 * deletes what Clover stopped listing, on schedule only.
 */
class CloverDeleteAndGhostTest extends CloverStackTestBase {

    private static List<CatalogChange> deletes(List<CatalogChange> changes) {
        return changes.stream().filter(c -> c.getChange() instanceof ProductDelete).toList();
    }

    private static String reason(CatalogChange change) {
        return ((ProductDelete) change.getChange()).getReason();
    }

    @Test
    void shouldPublishADeleteForAnItemCloverMarksDeleted() {
        String tenant = newTenant();
        String connection = connection(tenant, "MDEL", "tok-del");
        clover.items("MDEL", "I", 3, OLD);
        pollNow(connection);
        long when = System.currentTimeMillis();
        clover.update("MDEL", "I2", item -> item.delete(when));
        Instant second = Instant.now();

        pollNow(connection);

        List<CatalogChange> changes = changesSince(tenant, second);
        assertThat(deletes(changes)).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("I2");
            assertThat(reason(c)).isEqualTo("deleted");
            assertThat(c.getSourceTime()).isEqualTo(Instant.ofEpochMilli(when));
        });
        assertThat(changes).filteredOn(c -> c.getChange() instanceof AvailabilityChange).singleElement()
                .satisfies(c -> assertThat(((AvailabilityChange) c.getChange()).getAvailable()).isFalse());
    }

    @Test
    void shouldKeepAHiddenItemAndPublishItUnavailable() {
        String tenant = newTenant();
        String connection = connection(tenant, "MHIDE", "tok-hide");
        clover.items("MHIDE", "I", 3, OLD);
        pollNow(connection);
        clover.update("MHIDE", "I1", item -> item.hide(System.currentTimeMillis()));
        Instant second = Instant.now();

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.COMPLETED);

        List<CatalogChange> changes = changesSince(tenant, second);
        assertThat(deletes(changes)).isEmpty();
        assertThat(changes).filteredOn(c -> c.getChange() instanceof ProductUpsert).singleElement()
                .satisfies(c -> assertThat(((ProductUpsert) c.getChange()).getHidden()).isTrue());
        assertThat(changes).filteredOn(c -> c.getChange() instanceof AvailabilityChange).singleElement()
                .satisfies(c -> {
                    assertThat(c.getItemId()).isEqualTo("I1");
                    assertThat(((AvailabilityChange) c.getChange()).getStatus()).isEqualTo("HIDDEN");
                });
    }

    @Test
    void shouldDeleteGhostsOnTheTenthPollOnly() {
        String tenant = newTenant();
        String connection = connection(tenant, "MGHOST", "tok-ghost");
        clover.items("MGHOST", "I", 5, OLD);
        pollNow(connection);
        clover.remove("MGHOST", "I2");

        for (int poll = 2; poll <= 9; poll++) {
            pollNow(connection);
        }
        assertThat(clover.requests("MGHOST")).noneMatch(FakeClover.Request::idListing);
        assertThat(deletes(changes(tenant))).isEmpty();

        pollNow(connection); // the 10th
        assertThat(clover.requests("MGHOST")).filteredOn(FakeClover.Request::idListing).singleElement()
                .satisfies(r -> assertThat(r.query()).containsEntry("fields", "id").containsEntry("limit", "1000"));
        assertThat(deletes(changes(tenant))).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("I2");
            assertThat(reason(c)).isEqualTo("ghost");
        });
        assertThat(state(connection).lastCleanupTime()).isEqualTo(state(connection).lastSyncTime());

        pollNow(connection); // the 11th: no cleanup, and the ghost is not deleted twice
        assertThat(clover.requests("MGHOST")).filteredOn(FakeClover.Request::idListing).hasSize(1);
        assertThat(deletes(changes(tenant))).hasSize(1);
    }

    @Test
    void shouldCleanUpGhostsWhenTheLastCleanupIsADayOld() {
        String tenant = newTenant();
        String connection = connection(tenant, "MDAY", "tok-day");
        clover.items("MDAY", "I", 3, OLD);
        pollNow(connection);
        clover.remove("MDAY", "I3");
        pollNow(connection);
        assertThat(deletes(changes(tenant))).isEmpty();

        sql("UPDATE poller.clover_merchant SET last_cleanup_time = now() - interval '25 hours' WHERE connection_id = ?",
                connection);
        pollNow(connection);

        assertThat(deletes(changes(tenant))).singleElement().satisfies(c -> {
            assertThat(c.getItemId()).isEqualTo("I3");
            assertThat(reason(c)).isEqualTo("ghost");
        });
    }
}
