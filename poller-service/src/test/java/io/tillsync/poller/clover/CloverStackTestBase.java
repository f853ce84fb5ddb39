package io.tillsync.poller.clover;

import io.tillsync.avro.CatalogChange;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import io.tillsync.poller.SyncSchema;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What the Clover integration tests share: the real broker, registry and Postgres, sync's connection registry, one
 * fake Clover, and helpers to add clover connections (token encrypted with the app's SecretBox, API base pointing at
 * the fake) and read what was published. All Clover test classes use the same context; the periodic tick is parked
 * (src/test/resources/config), so polls happen when a test asks. Connections are disabled after each test so no
 * later test polls them.
 */
@StackTest
@SpringBootTest
abstract class CloverStackTestBase {

    /** Items created before any test poll: far older than any overlap window. */
    static final long OLD = 1_700_000_000_000L;

    @Autowired
    CloverPollWorkers workers;
    @Autowired
    MerchantStore store;
    @Autowired
    SecretBox secrets;

    final FakeClover clover = new FakeClover();
    private final List<String> tenants = new ArrayList<>();

    @BeforeAll
    static void syncSchema() {
        SyncSchema.migrate();
    }

    @AfterEach
    void retire() {
        for (String tenant : tenants) {
            sql("UPDATE sync.connection SET status = 'disabled' WHERE tenant = ?", tenant);
        }
        clover.close();
    }

    String newTenant() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 13);
        tenants.add(tenant);
        return tenant;
    }

    /** A clover connection of the tenant for the merchant, with the token and settings JSON given. */
    String connection(String tenant, String merchantId, String token, String settingsJson) {
        String id = "con_" + UUID.randomUUID();
        clover.merchant(merchantId, token);
        sql("""
                INSERT INTO sync.connection (id, tenant, provider, account, status, api_token_enc, api_base_url, settings)
                VALUES (?, ?, 'clover', ?, 'active', ?, ?, CAST(? AS jsonb))""",
                id, tenant, merchantId, secrets.encrypt(token, SecretField.CONNECTION_API_TOKEN.at(id)), clover.baseUrl(), settingsJson);
        return id;
    }

    String connection(String tenant, String merchantId, String token) {
        return connection(tenant, merchantId, token, "{}");
    }

    /** Makes the merchant due now (as if its interval had passed) and polls it in this thread. */
    PollOutcome pollNow(String connectionId) {
        store.discover().block();
        sql("UPDATE poller.clover_merchant SET next_poll_at = now() WHERE connection_id = ?", connectionId);
        List<PollOutcome> outcomes = workers.drain(connectionId);
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one poll of " + connectionId + ", got " + outcomes);
        }
        return outcomes.get(0);
    }

    MerchantState state(String connectionId) {
        return store.state(connectionId).block();
    }

    /** Everything on catalog.changes for the tenant, in order (all of it is there: polls return after the acks). */
    static List<ConsumerRecord<String, CatalogChange>> published(String tenant) {
        return TopicProbe.readAll(Topics.CATALOG_CHANGES, r -> r.value() != null && r.value().getTenant().equals(tenant));
    }

    static List<CatalogChange> changes(String tenant) {
        return published(tenant).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * What was published for the tenant from {@code since} on (producer timestamps), in order per item: records of
     * different items sit on different partitions, so only the time tells one poll's records from another's.
     */
    static List<CatalogChange> changesSince(String tenant, Instant since) {
        return published(tenant).stream().filter(r -> r.timestamp() >= since.toEpochMilli())
                .map(ConsumerRecord::value).toList();
    }

    static List<CatalogChange> awaitChanges(String tenant, int count) {
        return TopicProbe.await(Topics.CATALOG_CHANGES, count, Duration.ofSeconds(60),
                r -> r.value() != null && r.value().getTenant().equals(tenant)).stream().map(ConsumerRecord::value).toList();
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
}
