package io.tillsync.sync.connection;

import io.tillsync.testsupport.TestStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * poller-service's schema in the test database, migrated from poller-service's own files, so the manual-sync status
 * reads {@code poller.manual_sync} exactly as it exists in production.
 */
final class PollerSchema {

    private PollerSchema() {
    }

    static synchronized void migrate() {
        TestStack.Database db = TestStack.start().database();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("poller").defaultSchema("poller")
                .locations("filesystem:" + TestStack.findUp(Path.of("poller-service/src/main/resources/db/poller")))
                .load().migrate();
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
