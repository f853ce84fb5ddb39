package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.sync.SyncStackTestBase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention of the webhook audit: finished rows past 30 days go; recent rows, rows still being processed and an
 * original that a newer duplicate points at stay.
 */
class WebhookAuditPurgeTest extends SyncStackTestBase {

    @Autowired
    WebhookAuditPurge purge;

    @Test
    void shouldDeleteFinishedAuditRowsPastTheWindowAndKeepTheRest() {
        String tenant = newTenant();
        UUID oldProcessed = insert(tenant, "processed", 40, null);
        UUID oldInFlight = insert(tenant, "retrying", 40, null);
        UUID recent = insert(tenant, "processed", 1, null);
        UUID oldOriginal = insert(tenant, "processed", 40, null);
        UUID recentDuplicate = insert(tenant, "duplicate", 2, oldOriginal);

        Long deleted = purge.purgeOnce().block(Duration.ofSeconds(60));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        List<Object> left = rows("SELECT id FROM sync.webhook_audit WHERE tenant = ?", tenant).stream()
                .map(r -> r.get("id")).toList();
        assertThat(left).containsExactlyInAnyOrder(oldInFlight, recent, oldOriginal, recentDuplicate)
                .doesNotContain(oldProcessed);
    }

    private static UUID insert(String tenant, String status, int daysAgo, UUID duplicateOf) {
        UUID id = UUID.randomUUID();
        rows("INSERT INTO sync.webhook_audit (id, tenant, provider, connection_id, event_type, payload, received_at, "
                + "status, duplicate_of) VALUES (?, ?, 'shopify', 'c1', 'products/update', '{}', "
                + "now() - make_interval(days => ?), ?, ?) RETURNING id", id, tenant, daysAgo, status, duplicateOf);
        return id;
    }
}
