package io.tillsync.poller.clover;

import io.tillsync.testsupport.OpenApiSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** On the Clover tests' context: poller's only API is the kit's dead-letter replay. */
class OpenApiDocumentTest extends CloverStackTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void shouldServeTheOpenApiDocumentCommittedUnderDocs() {
        String served = WebTestClient.bindToApplicationContext(context).build().get().uri("/openapi").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        OpenApiSnapshot.assertCommitted("poller-service", served);
    }
}
