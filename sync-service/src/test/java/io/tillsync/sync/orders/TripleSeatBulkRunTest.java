package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bulk mode works from the durable queue, tenant by tenant, paged (2 a page here) and bounded (4 events a run here):
 * what a bounded run leaves goes first in the next, events that already have their order are not re-run, and events
 * seen long ago come back only while open and dated inside or ahead of the time gate.
 */
class TripleSeatBulkRunTest extends OrderInjectionTestBase {

    @Test
    void shouldBoundEachBulkRunAndTakeWhatTheLastRunLeftFirst() {
        Venue v = venue("{}");
        List<String> events = Stream.generate(OrderInjectionTestBase::eventId).limit(5).sorted().toList();
        events.forEach(id -> {
            tripleseat.put(v.tenant(), id, "Event " + id, "DEFINITE", today(), FakeTripleSeat.item("A", "A", 1, "5.00"));
            queued(v, id);
        });
        revel.down(v.tenant(), true);
        try {
            Run first = bulk(v);
            assertThat(first.ids()).hasSize(4);
            assertThat(first.statuses()).containsOnly("failed");
            assertThat(first.truncated()).isTrue();
            assertThat(first.success()).isFalse();

            Run second = bulk(v);
            assertThat(second.ids()).hasSize(4).containsAll(missing(events, first.ids()));
            assertThat(second.truncated()).isTrue();
        } finally {
            revel.down(v.tenant(), false);
        }

        Run third = bulk(v);
        Run fourth = bulk(v);
        Run fifth = bulk(v);

        assertThat(third.ids()).hasSize(4);
        assertThat(third.statuses()).containsOnly("injected");
        assertThat(third.truncated()).isTrue();
        assertThat(fourth.ids()).containsExactlyElementsOf(missing(events, third.ids()));
        assertThat(fourth.statuses()).containsOnly("injected");
        assertThat(fourth.truncated()).isFalse();
        assertThat(fifth.ids()).as("events with their order are not run again").isEmpty();
        assertThat(events).allSatisfy(id -> assertThat(revel.creates(v.tenant(), v.localId(id))).isEqualTo(1));
    }

    @Test
    void shouldRunOnlyTheCallingTenantsQueue() {
        Venue mine = venue("{}");
        Venue theirs = venue("{}");
        String myEvent = eventId();
        String theirEvent = eventId();
        tripleseat.put(mine.tenant(), myEvent, "Mine", "DEFINITE", today(), FakeTripleSeat.item("A", "A", 1, "5.00"));
        tripleseat.put(theirs.tenant(), theirEvent, "Theirs", "DEFINITE", today(), FakeTripleSeat.item("A", "A", 1, "5.00"));
        queued(mine, myEvent);
        queued(theirs, theirEvent);

        assertThat(bulk(mine).ids()).containsExactly(myEvent);

        assertThat(revel.creates(theirs.tenant(), theirs.localId(theirEvent))).isZero();
        assertThat(injection(theirs.tenant(), theirEvent)).isNull();
        assertThat(bulk(theirs).ids()).containsExactly(theirEvent);
    }

    @Test
    void shouldRunOldSightingsOnlyWhileOpenAndDatedInOrAheadOfTheGate() {
        Venue v = venue("{}");
        String bookedLongAgoForToday = eventId();
        String oldAndUndated = eventId();
        String oldAndCancelled = eventId();
        String oldAndPassed = eventId();
        String recent = eventId();
        for (String id : List.of(bookedLongAgoForToday, oldAndUndated, oldAndCancelled, oldAndPassed, recent)) {
            tripleseat.put(v.tenant(), id, "Event " + id, "DEFINITE", today(), FakeTripleSeat.item("A", "A", 1, "5.00"));
        }
        seenDaysAgo(v, bookedLongAgoForToday, 30, true, today());
        seenDaysAgo(v, oldAndUndated, 30, true, null);
        seenDaysAgo(v, oldAndCancelled, 30, false, today());
        seenDaysAgo(v, oldAndPassed, 30, true, today().minusDays(2));
        queued(v, recent);

        Run run = bulk(v);

        assertThat(run.ids()).containsExactlyInAnyOrder(bookedLongAgoForToday, recent);
        assertThat(run.statuses()).containsOnly("injected");
    }

    /** One bulk run's answer, read as the API gives it. */
    private record Run(boolean success, boolean truncated, List<String> ids, List<String> statuses) {
    }

    private Run bulk(Venue v) {
        String json = new String(sync(v, "hours_back=48").expectStatus().isOk().expectBody().returnResult()
                .getResponseBodyContent(), StandardCharsets.UTF_8);
        List<String> ids = JsonPath.read(json, "$.events[*].id");
        List<String> statuses = JsonPath.read(json, "$.events[*].status");
        int queried = JsonPath.read(json, "$.summary.queried");
        assertThat(queried).isEqualTo(ids.size());
        assertThat(JsonPath.<String>read(json, "$.mode")).isEqualTo("bulk");
        return new Run(JsonPath.read(json, "$.success"), JsonPath.read(json, "$.truncated"), ids, statuses);
    }

    private static List<String> missing(List<String> all, List<String> seen) {
        Set<String> taken = Set.copyOf(seen);
        return all.stream().filter(id -> !taken.contains(id)).collect(Collectors.toList());
    }

    private static void seenDaysAgo(Venue v, String eventId, int days, boolean open, java.time.LocalDate date) {
        rows("INSERT INTO sync.tripleseat_event_queue (tenant, event_id, connection_id, first_seen_at, last_seen_at,"
                        + " last_trigger, open, event_date) VALUES (?, ?, ?, now() - make_interval(days => ?),"
                        + " now() - make_interval(days => ?), 'CREATE_EVENT', ?, ?) RETURNING event_id",
                v.tenant(), eventId, v.tripleseatId(), days, days, open, date == null ? null : Date.valueOf(date));
    }
}
