package io.tillsync.sync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Audit, availability, catalog and inventory, cross-platform propagation, order injection and sync APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(SyncApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Boot has reported why (a one-line reason for a refused configuration); threads a half-started context
            // left behind must not keep the process alive
            System.exit(1);
        }
    }
}
