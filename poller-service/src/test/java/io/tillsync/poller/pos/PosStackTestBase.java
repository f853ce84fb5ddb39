package io.tillsync.poller.pos;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.poller.SyncSchema;
import io.tillsync.poller.poll.PollRunner;
import io.tillsync.poller.poll.PollStateStore;
import io.tillsync.poller.poll.PollWorkers;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What the Toast, Square and Shopify poll tests share: the real broker, registry and Postgres, sync's connection
 * registry, helpers to add a connection pointing at a fake (token encrypted with the app's SecretBox), to poll it now
 * in the test's thread, and to read what was published. The periodic tick is parked (src/test/resources/config).
 * Connections are disabled after each test so no later test polls them.
 */
@StackTest
@SpringBootTest
abstract class PosStackTestBase {

    @Autowired
    PollWorkers workers;
    @Autowired
    PollStateStore store;
    @Autowired
    SecretBox secrets;

    private final List<String> tenants = new ArrayList<>();
    final List<FakePlatform> fakes = new ArrayList<>();

    @BeforeAll
    static void syncSchema() {
        SyncSchema.migrate();
    }

    @AfterEach
    void retire() {
        for (String tenant : tenants) {
            sql("UPDATE sync.connection SET status = 'disabled' WHERE tenant = ?", tenant);
        }
        fakes.forEach(FakePlatform::close);
    }

    <T extends FakePlatform> T fake(T fake) {
        fakes.add(fake);
        return fake;
    }

    String newTenant() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        tenants.add(tenant);
        return tenant;
    }

    /** An active connection of the tenant to the fake, with the account, token and settings JSON given. */
    String connection(String tenant, String provider, String account, String token, String baseUrl, String settings) {
        String id = "con_" + UUID.randomUUID();
        sql("""
                INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url, settings)
                VALUES (?, ?, ?, ?, 'active', ?, ?, CAST(? AS jsonb))""",
                id, tenant, provider, account, token == null ? null : secrets.encrypt(token), baseUrl, settings);
        return id;
    }

    /** Makes the connection due now and polls it in this thread. */
    PollRunner.Outcome pollNow(String connectionId) {
        workers.discover();
        sql("UPDATE poller.poll_connection SET next_poll_at = now() WHERE connection_id = ?", connectionId);
        List<PollRunner.Outcome> outcomes = workers.drain(connectionId);
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one poll of " + connectionId + ", got " + outcomes);
        }
        return outcomes.get(0);
    }

    Map<String, Object> state(String connectionId) {
        return store.state(connectionId).block();
    }

    /** Everything on catalog.changes for the tenant (all of it is there: polls return after the acks). */
    static List<CatalogChange> changes(String tenant) {
        return TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> r.value() != null && r.value().getTenant().equals(tenant))
                .stream().map(ConsumerRecord::value).toList();
    }

    /**
     * What was published for the tenant from {@code since} on (producer timestamps): records of different items sit on
     * different partitions, so only the time tells one poll's records from another's.
     */
    static List<CatalogChange> changesSince(String tenant, java.time.Instant since) {
        return TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> r.value() != null && r.value().getTenant().equals(tenant)
                && r.timestamp() >= since.toEpochMilli()).stream().map(ConsumerRecord::value).toList();
    }

    /** The last availability published per item for the tenant (records of one item keep their order). */
    static Map<String, Boolean> availability(List<CatalogChange> changes) {
        Map<String, Boolean> last = new LinkedHashMap<>();
        for (CatalogChange c : changes) {
            if (c.getChange() instanceof AvailabilityChange a) {
                last.put(c.getItemId(), a.getAvailable());
            }
        }
        return last;
    }

    static Map<String, Long> kinds(List<CatalogChange> changes) {
        return changes.stream().collect(Collectors.groupingBy(c -> c.getChange().getClass().getSimpleName(),
                Collectors.counting()));
    }

    static void sql(String statement, Object... args) {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> query(String statement, Object... args) {
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
