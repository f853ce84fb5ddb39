package io.tillsync.delivery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Outbound webhooks to tenants' endpoints: signing, attempts, retries, auto-disable, alerts and replay. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeliveryApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(DeliveryApplication.class, args);
        } catch (RuntimeException startFailed) {
            // Boot has reported why (a one-line reason for a refused configuration); threads a half-started context
            // left behind must not keep the process alive
            System.exit(1);
        }
    }
}
