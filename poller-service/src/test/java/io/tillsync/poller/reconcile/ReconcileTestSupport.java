package io.tillsync.poller.reconcile;

import io.tillsync.poller.SyncSchema;
import io.tillsync.testsupport.TestStack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Test helpers: sync's connection registry (migrated from sync-service's own files) and connections in it. */
final class ReconcileTestSupport {

    private ReconcileTestSupport() {
    }

    static void migrateSyncSchema() {
        SyncSchema.migrate();
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Inserts a connection and answers its id. */
    static String connection(String tenant, String provider, String status) {
        String id = "con_" + UUID.randomUUID();
        try (Connection c = TestStack.start().database().connect();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sync.connection (id, tenant, provider, status) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, tenant);
            ps.setString(3, provider);
            ps.setString(4, status);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
