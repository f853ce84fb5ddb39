package io.tillsync.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Verifies platform webhooks on their raw bytes and publishes them to Kafka; no business logic. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IntakeApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(IntakeApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Boot has reported why (a one-line reason for a refused configuration); threads a half-started context
            // left behind must not keep the process alive
            System.exit(1);
        }
    }
}
