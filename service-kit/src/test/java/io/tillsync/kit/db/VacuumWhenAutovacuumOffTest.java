package io.tillsync.kit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tillsync.testsupport.TestStack;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

class VacuumWhenAutovacuumOffTest {

    private final TestStack.Database database = TestStack.start().database();
    private final DatabaseClient db = DatabaseClient.create(new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder().host(database.host()).port(database.port())
                    .username(database.user()).password(database.password()).database(database.name()).build()));

    @Test
    void shouldVacuumTheTablesItselfOnlyWhereTheServersAutovacuumIsOff() throws SQLException {
        boolean autovacuumOff;
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (id int PRIMARY KEY, n int NOT NULL)");
            s.execute("INSERT INTO churn SELECT g, 0 FROM generate_series(1, 2000) g");
            s.execute("UPDATE churn SET n = n + 1");
            var rs = s.executeQuery("SHOW autovacuum");
            rs.next();
            autovacuumOff = "off".equals(rs.getString(1));
        }
        VacuumWhenAutovacuumOff vacuum = new VacuumWhenAutovacuumOff(db, List.of("churn"), Duration.ofMillis(200));
        vacuum.start();
        try {
            if (autovacuumOff) {
                // the 2000 dead versions the update left are vacuumed away by the service's own pass
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Map<String, Object> stats = churnStats();
                    return stats.get("last_vacuum") != null && ((Number) stats.get("n_dead_tup")).longValue() == 0;
                });
            } else {
                // the server's autovacuum owns the table: the service never runs VACUUM itself
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> churnStats().get("last_vacuum") == null);
            }
        } finally {
            vacuum.stop();
        }
        assertThat(vacuum.isRunning()).isFalse();
    }

    @Test
    void shouldRefuseTableNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> new VacuumWhenAutovacuumOff(db, List.of("churn; DROP TABLE churn"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain table name");
    }

    private Map<String, Object> churnStats() {
        return database.rows("SELECT last_vacuum, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'churn'").get(0);
    }
}
