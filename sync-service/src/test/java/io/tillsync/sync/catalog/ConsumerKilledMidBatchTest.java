package io.tillsync.sync.catalog;

import static io.tillsync.sync.catalog.CatalogFixtures.T0;
import static io.tillsync.sync.catalog.CatalogFixtures.availability;
import static io.tillsync.sync.catalog.CatalogFixtures.change;
import static io.tillsync.sync.catalog.CatalogFixtures.inventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.kit.security.Caller;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.SyncProcess;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TestStack;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The {@code sync-catalog} consumer killed with SIGKILL in the middle of a batch — its transaction open, rows written
 * but not committed, events not yet published — and a new process started on the same database and topics: every
 * change ends applied exactly once (no lost row, no doubled effect on {@code previous_*} columns, one platform event id
 * per effect, one platform write per linked item).
 *
 * <p>The batch is held mid-transaction by a row lock the test takes on one of the rows it updates, so the kill
 * provably lands inside the batch. This test's own in-JVM catalog listener is stopped meanwhile so that the child
 * processes are the only consumers of the group.
 */
class ConsumerKilledMidBatchTest extends SyncStackTestBase {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int NEW_ITEMS = 300;
    private static final int LINKED = 5;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    ConnectionService connections;

    private final List<SyncProcess> processes = new ArrayList<>();
    private final FakeProviderServer square = new FakeProviderServer().on("POST", "/v2/catalog/object", 200,
            "{\"catalog_object\":{}}");

    @BeforeEach
    void onlyChildProcessesConsumeCatalogChanges() {
        listeners.getListenerContainer("sync-catalog").stop();
    }

    @AfterEach
    void stopChildrenAndResume() {
        processes.forEach(SyncProcess::close);
        square.close();
        listeners.getListenerContainer("sync-catalog").start();
    }

    @Test
    void shouldApplyEveryChangeExactlyOnceWhenTheConsumerIsKilledMidBatchAndRestarted() throws Exception {
        String tenant = newTenant();
        Connection target = connections.create(tenant, new ConnectionRequest("square", "MERCHANT", null, null, "sq-token",
                square.baseUrl(), Map.of("location_id", "L1"), null, null, null, null, null, null), Caller.operatorCaller()).block();
        SyncProcess first = start("killed-consumer-1");

        // given: rows the batch will update, applied by the first process
        CatalogChange lockWarm = change(tenant, "conn-toast", "toast", "lock", T0, availability(true, "Locked item"));
        CatalogChange stockWarm = change(tenant, "conn-sq", "square", "stock", T0, inventory("10"));
        CatalogFixtures.send(lockWarm, stockWarm);
        await("first process applied the warm-up changes").atMost(START)
                .until(() -> first.isAlive() && count("SELECT count(*) FROM sync.menu_item WHERE tenant = ?", tenant) == 1
                        && count("SELECT count(*) FROM sync.inventory_level WHERE tenant = ?", tenant) == 1);
        linkToSquare(tenant, target);

        // when: a batch touching a row the test holds locked, so it stops inside its transaction
        List<CatalogChange> batch = new ArrayList<>();
        for (int i = 0; i < NEW_ITEMS; i++) {
            batch.add(change(tenant, "conn-toast", "toast", "item-" + i, T0.plusSeconds(1), availability(false, "Item " + i)));
            if (i == NEW_ITEMS / 2) {
                batch.add(change(tenant, "conn-toast", "toast", "lock", T0.plusSeconds(1), availability(false, "Locked item")));
                batch.add(change(tenant, "conn-sq", "square", "stock", T0.plusSeconds(1), inventory("4")));
            }
        }
        try (java.sql.Connection lock = TestStack.start().database().connect()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement(
                    "SELECT 1 FROM sync.menu_item WHERE tenant = ? AND external_id = 'lock' FOR UPDATE")) {
                ps.setString(1, tenant);
                ps.executeQuery().close();
            }
            CatalogFixtures.send(batch);
            await("a catalog batch waiting on the locked row").atMost(WAIT).until(() -> count("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                      AND query LIKE '%INSERT INTO menu_item%'""") >= 1);
            first.kill();
            assertThat(first.isAlive()).isFalse();
            lock.rollback();
        }
        Map<String, Object> lockRow = row("SELECT change_id, is_available FROM sync.menu_item WHERE tenant = ? AND external_id = 'lock'", tenant);
        assertThat(lockRow).as("the killed batch committed nothing of the locked row")
                .containsEntry("change_id", lockWarm.getChangeId()).containsEntry("is_available", true);
        assertThat(count("SELECT count(*) FROM sync.menu_item WHERE tenant = ?", tenant))
                .as("the killed batch left some changes to its successor").isLessThan(NEW_ITEMS + 1);

        // then: a new process finishes the work, and every effect happened once
        SyncProcess second = start("killed-consumer-2");
        await("the restarted process applied every change").atMost(START).until(() -> second.isAlive()
                && count("SELECT count(*) FROM sync.menu_item WHERE tenant = ? AND NOT is_available", tenant) == NEW_ITEMS + 1);

        List<Map<String, Object>> items = rows("""
                SELECT external_id, change_id, is_available, previous_available FROM sync.menu_item
                WHERE tenant = ? ORDER BY external_id""", tenant);
        Map<String, String> expectedChange = batch.stream().filter(c -> !c.getItemId().equals("stock"))
                .collect(Collectors.toMap(CatalogChange::getItemId, CatalogChange::getChangeId));
        assertThat(items).hasSize(NEW_ITEMS + 1).allSatisfy(r -> {
            assertThat(r.get("change_id")).isEqualTo(expectedChange.get(r.get("external_id")));
            assertThat(r.get("is_available")).isEqualTo(false);
            assertThat(r.get("previous_available")).isEqualTo("lock".equals(r.get("external_id")) ? true : null);
        });
        Map<String, Object> stock = row("SELECT quantity, previous_quantity FROM sync.inventory_level WHERE tenant = ?", tenant);
        assertThat(stock.get("quantity")).isEqualTo(new BigDecimal("4.0000"));
        assertThat(stock.get("previous_quantity")).isEqualTo(new BigDecimal("10.0000"));

        Set<String> expectedEvents = new HashSet<>();
        expectedEvents.add(CatalogEvents.eventId(lockWarm.getChangeId(), "item.availability_changed"));
        expectedEvents.add(CatalogEvents.eventId(stockWarm.getChangeId(), "inventory.updated"));
        for (CatalogChange c : batch) {
            if (c.getItemId().equals("stock")) {
                expectedEvents.add(CatalogEvents.eventId(c.getChangeId(), "inventory.updated"));
                expectedEvents.add(CatalogEvents.eventId(c.getChangeId(), "inventory.low_stock"));
            } else {
                expectedEvents.add(CatalogEvents.eventId(c.getChangeId(), "item.availability_changed"));
            }
        }
        await("every expected platform event published").atMost(WAIT)
                .until(() -> CatalogFixtures.events(tenant).stream().map(PlatformEvent::getEventId)
                .collect(Collectors.toSet()).equals(expectedEvents));
        List<PlatformEvent> events = CatalogFixtures.events(tenant);
        Map<String, List<PlatformEvent>> byId = events.stream().collect(Collectors.groupingBy(PlatformEvent::getEventId));
        assertThat(byId.keySet()).isEqualTo(expectedEvents);
        assertThat(byId.values()).as("a re-published event is the same event (same id, same content)")
                .allSatisfy(copies -> assertThat(new HashSet<>(copies)).hasSize(1));

        await("the linked items were written to Square").atMost(WAIT)
                .until(() -> square.requests().size() >= LINKED);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> square.requests().size() == LINKED);
        assertThat(square.requests()).extracting(r -> r.body().replaceAll(".*\"id\":\"(SQVAR-\\d+)\".*", "$1"))
                .as("one write per linked item, none doubled").containsExactlyInAnyOrder(
                        java.util.stream.IntStream.range(0, LINKED).mapToObj(i -> "SQVAR-" + i).toArray(String[]::new));
    }

    private SyncProcess start(String name) {
        SyncProcess p = SyncProcess.start(name, Map.of("PROPAGATION_ENABLED", "false"));
        processes.add(p);
        return p;
    }

    /** Items 0..LINKED-1 of the Toast source are the same items as Square variations SQVAR-0..: their 86 goes there. */
    private static void linkToSquare(String tenant, Connection square) throws SQLException {
        try (java.sql.Connection c = TestStack.start().database().connect()) {
            for (int i = 0; i < LINKED; i++) {
                UUID link = UUID.randomUUID();
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO sync.item_link (connection_id, external_id, tenant, link_id, attributes)
                        VALUES ('conn-toast', ?, ?, ?, '{}'), (?, ?, ?, ?, CAST(? AS jsonb))""")) {
                    ps.setString(1, "item-" + i);
                    ps.setString(2, tenant);
                    ps.setObject(3, link);
                    ps.setString(4, square.id());
                    ps.setString(5, "SQITEM-" + i);
                    ps.setString(6, tenant);
                    ps.setObject(7, link);
                    ps.setString(8, "{\"variation_id\":\"SQVAR-" + i + "\"}");
                    ps.executeUpdate();
                }
            }
        }
    }

    private static long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }

    private static Map<String, Object> row(String sql, Object... params) {
        return rows(sql, params).get(0);
    }
}
