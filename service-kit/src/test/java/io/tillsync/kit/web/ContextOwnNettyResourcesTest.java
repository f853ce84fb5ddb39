package io.tillsync.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Two WebFlux applications in one JVM, as a test run caches several contexts and closes some between classes:
 * closing one must leave the other's server answering (with Boot's default, the closed context disposed Reactor
 * Netty's global event loops under the other one, whose requests then went unanswered).
 */
class ContextOwnNettyResourcesTest {

    @Test
    void shouldKeepServingAfterAnotherContextInTheJvmClosed() throws Exception {
        try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
            assertThat(get(first)).isEqualTo(200);
            assertThat(get(second)).isEqualTo(200);

            first.close();

            for (int i = 0; i < 5; i++) {
                assertThat(get(second)).isEqualTo(200);
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PingApp.class).web(WebApplicationType.REACTIVE)
                .properties("spring.main.banner-mode=off").run("--server.port=0", "--server.address=127.0.0.1");
    }

    private static int get(ConfigurableApplicationContext app) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        // a new connection each time, from a client outside Reactor Netty
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({WebKitConfiguration.class, ReactiveWebServerFactoryAutoConfiguration.class,
            HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
            ClientHttpConnectorAutoConfiguration.class})
    static class PingApp {

        @Bean
        RouterFunction<ServerResponse> ping() {
            return RouterFunctions.route().GET("/ping", request -> ServerResponse.ok().bodyValue("pong")).build();
        }
    }
}
