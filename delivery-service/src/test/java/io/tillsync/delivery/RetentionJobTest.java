package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.delivery.retention.RetentionJob;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention: attempts and finished deliveries past 30 days and messages past 90 are deleted (their rows only), a
 * pending delivery keeps its message, recent rows stay, and the rows purged are counted.
 */
class RetentionJobTest extends DeliveryIntegrationTest {

    @Autowired
    RetentionJob retention;
    @Autowired
    MeterRegistry registry;

    @Test
    void shouldPurgeRowsPastTheirWindowsAndKeepRecentOnesAndPendingOnes() {
        createEndpoint("/kept", List.of());
        for (String id : List.of("old", "older", "recent")) {
            publish(inventoryEvent(tenant, id + "-" + UUID.randomUUID(), "item-" + id));
        }
        await().atMost(seconds(30)).until(() -> count("delivery.delivery", "status = 'SUCCEEDED'") == 3
                && count("delivery.message_attempt", "true") == 3);
        // 'old': attempts and delivery 40 days old, message 40 days (kept: within 90); 'older': everything 100 days
        update("UPDATE delivery.message_attempt a SET created_at = now() - interval '40 days' FROM delivery.message m "
                + "WHERE m.id = a.message_id AND m.tenant = ? AND m.event_id LIKE 'old-%'", tenant);
        update("UPDATE delivery.delivery d SET updated_at = now() - interval '40 days' FROM delivery.message m "
                + "WHERE m.id = d.message_id AND m.tenant = ? AND m.event_id LIKE 'old-%'", tenant);
        update("UPDATE delivery.message SET created_at = now() - interval '40 days' WHERE tenant = ? "
                + "AND event_id LIKE 'old-%'", tenant);
        update("UPDATE delivery.message SET created_at = now() - interval '100 days' WHERE tenant = ? "
                + "AND event_id LIKE 'older-%'", tenant);
        // a 100-day-old message whose delivery is still pending is kept
        update("UPDATE delivery.delivery d SET status = 'PENDING', next_attempt_at = now() + interval '1 day' "
                + "FROM delivery.message m WHERE m.id = d.message_id AND m.tenant = ? AND m.event_id LIKE 'older-%'",
                tenant);
        double before = purged();

        Long deleted = retention.purgeOnce().block(seconds(60));

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(count("delivery.message_attempt", "true")).isEqualTo(2); // old's attempt gone
        assertThat(count("delivery.delivery", "true")).isEqualTo(2); // old's delivery gone
        assertThat(count("delivery.message", "true")).isEqualTo(3); // old within 90 days, older pending
        update("UPDATE delivery.delivery d SET status = 'SUCCEEDED', next_attempt_at = NULL, updated_at = now() "
                + "FROM delivery.message m WHERE m.id = d.message_id AND m.tenant = ? AND m.event_id LIKE 'older-%'",
                tenant);
        retention.purgeOnce().block(seconds(60));
        assertThat(count("delivery.message", "true")).isEqualTo(2); // older gone with its delivery and attempt
        assertThat(count("delivery.message_attempt", "true")).isEqualTo(1);
        assertThat(purged() - before).isGreaterThanOrEqualTo(3); // cascaded rows are not counted
    }

    private double purged() {
        return registry.find("tillsync.delivery.retention.purged").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private long count(String table, String where) {
        String tenantColumn = "tenant";
        return (Long) query("SELECT count(*) AS n FROM " + table + " WHERE " + tenantColumn + " = ? AND " + where, tenant)
                .get(0).get("n");
    }
}
