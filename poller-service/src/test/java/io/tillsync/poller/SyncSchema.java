package io.tillsync.poller;

import io.tillsync.testsupport.TestStack;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/**
 * sync-service's connection registry in the test database, migrated from sync-service's own files, so the poller
 * reads {@code sync.poller_connection} exactly as it exists in production.
 */
public final class SyncSchema {

    private SyncSchema() {
    }

    public static synchronized void migrate() {
        TestStack.Database db = TestStack.start().database();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("sync").defaultSchema("sync")
                .locations("filesystem:" + TestStack.findUp(Path.of("sync-service/src/main/resources/db/sync")))
                .load().migrate();
    }
}
