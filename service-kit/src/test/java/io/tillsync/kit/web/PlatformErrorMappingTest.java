package io.tillsync.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.TargetNotAllowedException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.Exceptions;

/** Failed outbound calls answer with stable codes and a fixed message: no host, port or upstream text. */
class PlatformErrorMappingTest {

    private final ObjectMapper json = new ObjectMapper();

    private MockServerWebExchange answer(Throwable ex) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/things"));
        new ApiErrorHandler(json).handle(exchange, ex).block();
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(MockServerWebExchange exchange) throws Exception {
        return json.readValue(exchange.getResponse().getBodyAsString().block(), Map.class);
    }

    @Test
    void shouldAnswer400TargetNotAllowedWithoutSayingWhatTheAddressWas() throws Exception {
        MockServerWebExchange exchange = answer(new TargetNotAllowedException(
                "Square catalog search refused: the host is a private address 10.0.0.5:8443", "private"));

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
        Map<String, Object> body = body(exchange);
        assertThat(body.get("error")).isEqualTo("target_not_allowed");
        assertThat(body.toString()).doesNotContain("10.0.0.5").doesNotContain("8443").doesNotContain("private");
    }

    @Test
    void shouldAnswer502PlatformUnreachableWithoutUpstreamText() throws Exception {
        PlatformCallException failed = new PlatformCallException("Clover item listing failed: connection error",
                true, 0, null, new java.net.ConnectException("Connection refused: api.clover.example/10.1.2.3:443"));
        MockServerWebExchange exchange = answer(Exceptions.propagate(failed));

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(502);
        Map<String, Object> body = body(exchange);
        assertThat(body.get("error")).isEqualTo("platform_unreachable");
        assertThat(body.toString()).doesNotContain("clover").doesNotContain("10.1.2.3").doesNotContain("443");
    }

    @Test
    void shouldAnswer502ForAnUpstreamErrorStatus() throws Exception {
        MockServerWebExchange exchange = answer(PlatformCallException.forStatus("Toast menus", 500, null));

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(502);
        assertThat(body(exchange).get("error")).isEqualTo("platform_unreachable");
    }
}
