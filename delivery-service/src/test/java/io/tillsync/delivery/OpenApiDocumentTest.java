package io.tillsync.delivery;

import io.tillsync.testsupport.OpenApiSnapshot;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest extends DeliveryIntegrationTest {

    @Test
    void shouldServeTheOpenApiDocumentCommittedUnderDocs() {
        String served = web.get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        OpenApiSnapshot.assertCommitted("delivery-service", served);
    }
}
