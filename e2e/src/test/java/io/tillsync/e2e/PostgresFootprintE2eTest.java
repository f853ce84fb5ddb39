package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of every service share one PostgreSQL server with its default {@code max_connections} of 100 and
 * leave room to spare: each replica's pools start with one connection and grow only with work, so the whole
 * doubled stack, under a burst of webhooks, holds fewer connections than the server allows and still delivers.
 */
@Order(3)
class PostgresFootprintE2eTest {

    static final List<String> SERVICES = List.of("intake-service", "sync-service", "delivery-service",
            "poller-service");
    static final Duration WAIT = Duration.ofSeconds(90);
    static E2eStack stack;
    static Receiver receiver;
    static final List<E2eStack.Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        stack = E2eStack.get();
        receiver = new Receiver();
        for (String service : SERVICES) {
            replicas.add(stack.startReplica(service, service + "-footprint-2"));
        }
    }

    @AfterAll
    static void tearDown() {
        replicas.forEach(E2eStack.Replica::close);
        receiver.close();
    }

    @Test
    void shouldRunTwoReplicasOfEveryServiceWithinTheServersDefaultConnectionLimit() throws Exception {
        int max = queryInt("SHOW max_connections");
        Tenant tenant = new Tenant(stack);
        tenant.connect("shopify", "footprint.myshopify.com", Map.of());
        tenant.endpoint(receiver.url("/hooks/" + tenant.id));
        int burst = 200;
        for (int i = 0; i < burst; i++) {
            String body = """
                    {"id":%d,"title":"Item %d","status":"active","variants":[{"id":%d,"price":"1.00","sku":"S-%d"}],
                     "updated_at":"2026-11-23T08:00:00-05:00"}""".formatted(7_000_000 + i, i, 8_000_000 + i, i);
            assertThat(tenant.shopify("products/update", "ev-footprint-" + tenant.id + "-" + i, body).status())
                    .isEqualTo(202);
        }
        int[] peak = {0};
        await().atMost(WAIT).untilAsserted(() -> {
            peak[0] = Math.max(peak[0], queryInt("SELECT count(*) FROM pg_stat_activity"));
            assertThat(receiver.requests("/hooks/" + tenant.id)).hasSizeGreaterThanOrEqualTo(burst);
        });
        int idle = queryInt("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()");
        System.out.printf("two replicas of every service: peak %d server connections of max_connections %d; "
                + "this stack's database holds %d after the burst%n", peak[0], max, idle);
        replicas.forEach(r -> assertThat(r.healthy()).as(r.url() + " healthy").isTrue());
        assertThat(peak[0]).as("connections held by the doubled stack").isLessThan(max);
    }

    private static int queryInt(String sql) throws SQLException {
        try (Connection c = stack.db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return Integer.parseInt(r.getString(1));
        }
    }
}
