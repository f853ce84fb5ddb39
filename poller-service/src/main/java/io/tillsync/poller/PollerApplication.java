package io.tillsync.poller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Clover polling, scheduled reconciliation and manual sync triggers: the fallback when webhooks fail. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PollerApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(PollerApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Boot has reported why (a one-line reason for a refused configuration); threads a half-started context
            // left behind must not keep the process alive
            System.exit(1);
        }
    }
}
