package io.tillsync.kit;

import io.tillsync.kit.logging.LogEscaping;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code tillsync-defaults.properties} as the lowest-precedence property source of every service, and reads
 * OpenTelemetry's {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the collector's base URL, as every OpenTelemetry SDK does) as
 * {@code management.otlp.tracing.endpoint} = that URL + {@code /v1/traces}. Without either, Boot creates no span
 * exporter: nothing leaves the process. It also registers the escaping log converters the kit's console pattern uses
 * ({@link LogEscaping}), before Spring Boot configures logging.
 *
 * <p>The management server (actuator, operator-only routes) gets a port of its own: {@code MANAGEMENT_PORT}, else the
 * service port + 1000 ({@code management.server.port} set explicitly wins). A service on a random port (tests) keeps
 * one port for both.
 */
public class KitDefaults implements EnvironmentPostProcessor {

    static final String OTLP_TRACING_ENDPOINT = "management.otlp.tracing.endpoint";
    static final String MANAGEMENT_PORT = "management.server.port";
    static final String MANAGEMENT_ADDRESS = "management.server.address";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        LogEscaping.register();
        try {
            new PropertiesPropertySourceLoader()
                    .load("tillsync-defaults", new ClassPathResource("tillsync-defaults.properties"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException("tillsync-defaults.properties missing from service-kit", e);
        }
        managementPort(environment);
        String otlp = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (otlp != null && !otlp.isBlank() && !environment.containsProperty(OTLP_TRACING_ENDPOINT)) {
            String base = otlp.endsWith("/") ? otlp.substring(0, otlp.length() - 1) : otlp;
            environment.getPropertySources().addLast(
                    new MapPropertySource("tillsync-otlp", Map.of(OTLP_TRACING_ENDPOINT, base + "/v1/traces")));
        }
    }

    static void managementPort(ConfigurableEnvironment environment) {
        Map<String, Object> added = new HashMap<>();
        Integer serverPort = environment.getProperty("server.port", Integer.class);
        Integer port = environment.getProperty(MANAGEMENT_PORT, Integer.class);
        if (!environment.containsProperty(MANAGEMENT_PORT)) {
            String explicit = environment.getProperty("tillsync.management.port");
            port = explicit != null && !explicit.isBlank() ? Integer.valueOf(explicit.trim())
                    : serverPort != null && serverPort > 0 ? serverPort + 1000 : null;
            if (port != null) {
                added.put(MANAGEMENT_PORT, port);
            }
        }
        // Boot refuses a management address unless the management server listens on a port of its own
        boolean separate = port != null && port >= 0 && !port.equals(serverPort == null ? 8080 : serverPort);
        if (separate && !environment.containsProperty(MANAGEMENT_ADDRESS)) {
            added.put(MANAGEMENT_ADDRESS, environment.getProperty("tillsync.management.address", "127.0.0.1"));
        }
        if (!added.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("tillsync-management-port", added));
        }
    }
}
