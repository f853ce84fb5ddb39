package io.tillsync.sync;

import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the inbound/connection integration tests: the whole service on the shared real broker, registry and
 * Postgres, with a known operator key. One Spring context serves every subclass.
 */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tillsync.security.operator-key=" + SyncStackTestBase.OPERATOR_KEY,
                "tillsync.kafka.retry.initial-interval-ms=50"})
public abstract class SyncStackTestBase {

    public static final String OPERATOR_KEY = "operator-test-key";

    protected static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Rows of a query against the test database, column name → value. */
    protected static List<Map<String, Object>> rows(String sql, Object... params) {
        return TestStack.start().database().rows(sql, params);
    }
}
