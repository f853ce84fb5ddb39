package io.tillsync.kit;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@link KitDefaults} puts the management server for the ports a service runs on. */
class KitDefaultsManagementPortTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        KitDefaults.managementPort(environment);
        return environment;
    }

    @Test
    void shouldPutTheManagementServerOnTheServicePortPlus1000OnTheLoopback() {
        StandardEnvironment env = environment(Map.of("server.port", "8082"));
        assertThat(env.getProperty("management.server.port")).isEqualTo("9082");
        assertThat(env.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldKeepOnePortAndSetNoAddressOnARandomPort() {
        StandardEnvironment env = environment(Map.of("server.port", "0"));
        assertThat(env.getProperty("management.server.port")).isNull();
        assertThat(env.getProperty("management.server.address")).as("Boot refuses an address without a port of its own")
                .isNull();
    }

    @Test
    void shouldSetNoAddressWhenTheManagementPortIsTheServicePort() {
        StandardEnvironment env = environment(Map.of("server.port", "8083", "tillsync.management.port", "8083"));
        assertThat(env.getProperty("management.server.port")).isEqualTo("8083");
        assertThat(env.getProperty("management.server.address")).isNull();
    }

    @Test
    void shouldBindAnExplicitManagementPortToTheConfiguredAddress() {
        StandardEnvironment env = environment(Map.of("server.port", "8080", "management.server.port", "9999",
                "tillsync.management.address", "10.0.0.5"));
        assertThat(env.getProperty("management.server.port")).isEqualTo("9999");
        assertThat(env.getProperty("management.server.address")).isEqualTo("10.0.0.5");
    }
}
