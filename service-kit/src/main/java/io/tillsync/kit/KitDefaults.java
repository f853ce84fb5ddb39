package io.tillsync.kit;

import io.tillsync.kit.logging.LogEscaping;
import java.io.IOException;
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
 */
public class KitDefaults implements EnvironmentPostProcessor {

    static final String OTLP_TRACING_ENDPOINT = "management.otlp.tracing.endpoint";

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
        String otlp = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (otlp != null && !otlp.isBlank() && !environment.containsProperty(OTLP_TRACING_ENDPOINT)) {
            String base = otlp.endsWith("/") ? otlp.substring(0, otlp.length() - 1) : otlp;
            environment.getPropertySources().addLast(
                    new MapPropertySource("tillsync-otlp", Map.of(OTLP_TRACING_ENDPOINT, base + "/v1/traces")));
        }
    }
}
