package io.tillsync.kit.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The service's {@link Traces} on Boot's OpenTelemetry tracer and W3C propagator ({@code management.tracing.*};
 * sampling and OTLP export are set in the kit's defaults). Without a tracer (tracing disabled) it is a no-op.
 */
@AutoConfiguration(after = {ObservationAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
        MicrometerTracingAutoConfiguration.class})
public class TracingKitConfiguration {

    @Bean
    public Traces traces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
            ObjectProvider<ObservationRegistry> observations) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        return t == null || p == null ? Traces.noop()
                : new Traces(t, p, observations.getIfUnique(() -> ObservationRegistry.NOOP));
    }
}
