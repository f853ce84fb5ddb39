package io.tillsync.kit.db;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.r2dbc.R2dbcDataAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code tillsync.maintenance.vacuum-tables} (a service's high-churn tables) turns on {@link VacuumWhenAutovacuumOff};
 * {@code tillsync.maintenance.vacuum-interval} (default 1 minute) paces it.
 */
@AutoConfiguration(after = R2dbcDataAutoConfiguration.class)
@ConditionalOnProperty("tillsync.maintenance.vacuum-tables")
public class DatabaseKitConfiguration {

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    public VacuumWhenAutovacuumOff vacuumWhenAutovacuumOff(DatabaseClient db,
            @Value("${tillsync.maintenance.vacuum-tables}") List<String> tables,
            @Value("${tillsync.maintenance.vacuum-interval:1m}") Duration interval) {
        return new VacuumWhenAutovacuumOff(db, tables, interval);
    }
}
