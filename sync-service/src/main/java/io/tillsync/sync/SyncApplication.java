package io.tillsync.sync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Audit, availability, catalog and inventory, cross-platform propagation, order injection and sync APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(SyncApplication.class, args);
    }
}
