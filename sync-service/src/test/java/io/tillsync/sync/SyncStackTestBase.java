package io.tillsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the inbound/connection integration tests: the whole service on the shared real broker, registry and
 * Postgres, with a known operator key. One Spring context serves every subclass.
 */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tillsync.security.operator-key=" + SyncStackTestBase.OPERATOR_KEY,
                "tillsync.kafka.retry.initial-interval-ms=50",
                "tillsync.outbound.allow-private-targets=true"})
public abstract class SyncStackTestBase {

    public static final String OPERATOR_KEY = "operator-test-key";

    protected static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Issues a tenant API key with the operator key and returns it. */
    protected static String issueKey(WebTestClient http, String tenant) {
        JsonNode issued = http.post().uri("/api/tenants/{t}/api-keys", tenant).headers(h -> h.setBearerAuth(OPERATOR_KEY))
                .bodyValue(Map.of("name", "ci")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return issued.get("key").asText();
    }

    /** Rows of a query against the test database, column name → value. */
    protected static List<Map<String, Object>> rows(String sql, Object... params) {
        return TestStack.start().database().rows(sql, params);
    }
}
