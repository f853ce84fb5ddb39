package io.tillsync.kit.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The kit's health groups on a service-shaped application: ready only while the broker, Postgres and the registry
 * answer; live whatever they do, so an orchestrator takes a replica out of rotation instead of restarting it.
 */
@StackTest
class HealthGroupsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBeReadyAndLiveWhenKafkaPostgresAndTheRegistryAnswer() throws Exception {
        TestStack.start();
        try (ConfigurableApplicationContext service = start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode readiness = get(service, "/actuator/health/readiness");
                assertThat(readiness.path("status").asText()).as(readiness.toString()).isEqualTo("UP");
                assertThat(readiness.path("components").fieldNames()).toIterable()
                        .contains("kafka", "r2dbc", "schemaRegistry", "readinessState");
            });
            assertThat(get(service, "/actuator/health/liveness").path("components").fieldNames()).toIterable()
                    .containsExactly("livenessState");
        }
    }

    @Test
    void shouldNotBeReadyButStayLiveWhilePostgresIsUnreachable() throws Exception {
        TestStack.start();
        int closed = TestStack.freePort();
        try (ConfigurableApplicationContext service = start("--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + closed + "/tillsync")) {
            JsonNode readiness = get(service, "/actuator/health/readiness");
            assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/r2dbc/status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/kafka/status").asText()).isEqualTo("UP");
            assertThat(get(service, "/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void shouldNotBeReadyButStayLiveWhileKafkaIsDown() throws Exception {
        TestStack.start();
        int closed = TestStack.freePort();
        try (ConfigurableApplicationContext service = start("--spring.kafka.bootstrap-servers=127.0.0.1:" + closed,
                "--spring.kafka.admin.auto-create=false")) {
            JsonNode readiness = get(service, "/actuator/health/readiness");
            assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/kafka/status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/r2dbc/status").asText()).isEqualTo("UP");
            assertThat(get(service, "/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.flyway.enabled=false", "--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(ServiceShaped.class).web(WebApplicationType.REACTIVE).run(all.toArray(String[]::new));
    }

    private static JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServiceShaped {
    }
}
