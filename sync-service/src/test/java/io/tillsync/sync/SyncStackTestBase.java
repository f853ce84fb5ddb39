package io.tillsync.sync;

import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        try (Connection c = TestStack.start().database().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
