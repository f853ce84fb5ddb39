package io.tillsync.delivery;

import static io.tillsync.delivery.DeliveryIntegrationTest.assertError;

import io.tillsync.testsupport.StackTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The {@code prod} profile (application-prod.yml) requires https endpoint URLs. A context of its own, with no
 * sender and no listener so it cannot compete with the shared test context, closed after the class.
 */
@StackTest
@ActiveProfiles("prod")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tillsync.security.operator-key=" + ProdProfileTest.OPERATOR_KEY,
        "tillsync.delivery.allow-loopback-targets=true",
        "tillsync.delivery.worker.enabled=false",
        "spring.kafka.listener.auto-startup=false",
        "tillsync.delivery.consumer-group=prod-profile-test"
})
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProdProfileTest {

    static final String OPERATOR_KEY = "prod-test-operator-key";

    @Autowired
    WebTestClient web;

    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void shouldRefusePlainHttpEndpointUrlsInProduction() {
        assertError(web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .bodyValue(Map.of("name", "plain", "url", "http://127.0.0.1:9/hook")), 400, "target_not_allowed")
                .contains("https is required");
    }

    @Test
    void shouldAcceptHttpsAndRefuseAnUpdateBackToHttp() {
        Map<String, Object> created = web.post().uri("/api/tenants/{t}/endpoints", tenant)
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .bodyValue(Map.of("name", "tls", "url", "https://127.0.0.1:9/hook")).exchange()
                .expectStatus().isCreated().expectBody(DeliveryIntegrationTest.MAP).returnResult().getResponseBody();

        assertError(web.put().uri("/api/tenants/{t}/endpoints/{id}", tenant, created.get("id"))
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .bodyValue(Map.of("name", "tls", "url", "http://127.0.0.1:9/hook")), 400, "target_not_allowed")
                .contains("https is required");
    }
}
