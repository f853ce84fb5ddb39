package io.tillsync.sync;

import io.tillsync.testsupport.OpenApiSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class OpenApiDocumentTest extends SyncStackTestBase {

    @Autowired
    WebTestClient http;

    @Test
    void shouldServeTheOpenApiDocumentCommittedUnderDocs() {
        String served = http.get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        OpenApiSnapshot.assertCommitted("sync-service", served);
    }
}
