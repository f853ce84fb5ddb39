package io.tillsync.intake.web;

import static io.tillsync.intake.Fixtures.hmacBase64;
import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.intake.Fixtures;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.OpenApiSnapshot;
import io.tillsync.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Every answer of the webhook routes through the real HTTP stack, with records checked on the real broker. */
@StackTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tillsync.intake.rate-limit-per-minute=20")
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability
class IntakeApiTest {

    static final String SHOPIFY_BODY = "{\"id\":9554194432293,\"title\":\"T-Shirt\",\"status\":\"active\","
            + "\"updated_at\":\"2025-04-22T14:30:00-05:00\",\"variants\":[{\"id\":123456789,\"price\":\"29.99\",\"sku\":\"TSHIRT-001\"}]}";

    @Autowired
    WebTestClient http;
    @Autowired
    SecretBox box;

    private final String tenant = Fixtures.tenant();

    @Test
    void shouldAnswer202AndPublishTheVerifiedShopifyWebhookKeyedByConnection() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        String eventId = UUID.randomUUID().toString();

        AcceptedResponse accepted = shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", SHOPIFY_BODY,
                h -> {
                    h.set("X-Shopify-Event-Id", eventId);
                    h.set("X-Correlation-Id", "corr-" + eventId);
                    h.set("X-Unrelated", "dropped");
                })
                .expectStatus().isAccepted()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(AcceptedResponse.class).returnResult().getResponseBody();

        assertThat(accepted.status()).isEqualTo("accepted");
        ConsumerRecord<String, InboundWebhook> record = onlyRecordOf(connection);
        InboundWebhook webhook = record.value();
        assertThat(record.key()).isEqualTo(connection);
        assertThat(webhook.getId()).isEqualTo(accepted.id());
        assertThat(webhook.getTenant()).isEqualTo(tenant);
        assertThat(webhook.getProvider()).isEqualTo("shopify");
        assertThat(webhook.getEventType()).isEqualTo("products/update");
        assertThat(webhook.getExternalEventId()).startsWith("sha256:");
        assertThat(webhook.getCorrelationId()).isEqualTo("corr-" + eventId);
        assertThat(new String(record.headers().lastHeader("x-correlation-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("corr-" + eventId);
        assertThat(StandardCharsets.UTF_8.decode(webhook.getBody()).toString()).isEqualTo(SHOPIFY_BODY);
        assertThat(webhook.getHeaders()).containsEntry("x-shopify-topic", "products/update")
                .containsKey("x-shopify-hmac-sha256").doesNotContainKey("x-unrelated");
        assertThat(webhook.getContentType()).startsWith("application/json");
    }

    @Test
    void shouldServeTheOpenApiDocumentCommittedUnderDocs() {
        String served = http.get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        OpenApiSnapshot.assertCommitted("intake-service", served);
    }

    @Test
    void shouldServeSwaggerUiOnTheServicePortReadingTheOpenApiDocument() {
        http.get().uri("/swagger-ui").exchange().expectStatus().is3xxRedirection()
                .expectHeader().valueEquals("Location", "/swagger-ui/index.html");
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
        http.get().uri("/openapi/swagger-config").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/openapi");
    }

    @Test
    void shouldContinueThePlatformsTraceOnTheRecordAndNameItInTraceresponse() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

        String traceresponse = shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", SHOPIFY_BODY,
                h -> h.set("traceparent", "00-" + trace + "-00f067aa0ba902b7-01"))
                .expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getFirst("traceresponse");

        assertThat(traceresponse).startsWith("00-" + trace + "-").endsWith("-01");
        String traceparent = new String(onlyRecordOf(connection).headers().lastHeader("traceparent").value(),
                StandardCharsets.UTF_8);
        assertThat(traceparent).as("the record names the request's span, so its consumer becomes a child of it")
                .isEqualTo(traceresponse);
    }

    @Test
    void shouldStartANewTraceForAWebhookWithoutTraceparent() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");

        String traceresponse = shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", SHOPIFY_BODY,
                h -> { })
                .expectStatus().isAccepted()
                .returnResult(String.class).getResponseHeaders().getFirst("traceresponse");

        assertThat(traceresponse).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceparent = new String(onlyRecordOf(connection).headers().lastHeader("traceparent").value(),
                StandardCharsets.UTF_8);
        assertThat(traceparent.substring(0, 36)).isEqualTo(traceresponse.substring(0, 36));
    }

    @Test
    void shouldRouteThePosPathToTheTenantsOldestActiveConnection() {
        Instant t0 = Instant.now().minus(Duration.ofDays(3));
        Fixtures.connection(box, tenant, "shopify", "disabled-secret", null, null, null, "disabled", t0);
        String oldest = Fixtures.connection(box, tenant, "shopify", "oldest-secret", null, null, null, "active", t0.plusSeconds(60));
        Fixtures.connection(box, tenant, "shopify", "newer-secret", null, null, null, "active", t0.plusSeconds(120));

        shopify("/intake/" + tenant + "/pos/shopify", "newer-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_signature");
        shopify("/intake/" + tenant + "/pos/shopify", "oldest-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isAccepted();
        assertThat(onlyRecordOf(oldest).value().getTenant()).isEqualTo(tenant);
    }

    @Test
    void shouldAcceptSquareSignedOverTheRegisteredNotificationUrl() {
        String url = "https://hooks.example.com/intake/" + tenant + "/pos/square";
        String connection = Fixtures.connection(box, tenant, "square", "square-key", null, null, url, "active", Instant.now());
        String body = "{\"merchant_id\":\"6SSW7HV8K2ST5\",\"type\":\"inventory.count.updated\",\"event_id\":\"df5f3813-" + tenant
                + "\",\"created_at\":\"2025-04-22T19:30:00Z\",\"data\":{\"type\":\"inventory\",\"id\":\"84e4\",\"object\":{"
                + "\"inventory_counts\":[{\"catalog_object_id\":\"FGQ5JJWT2PYTHF35CKZ2DSKP\",\"catalog_object_type\":\"ITEM_VARIATION\","
                + "\"location_id\":\"YYQR03DGCTXA4\",\"quantity\":\"10\",\"state\":\"IN_STOCK\",\"calculated_at\":\"2025-04-22T19:30:00Z\"}]}}}";

        post("/intake/" + tenant + "/pos/square", body, h -> h.set("x-square-hmacsha256-signature", hmacBase64("square-key", url, body)))
                .expectStatus().isAccepted();

        InboundWebhook webhook = onlyRecordOf(connection).value();
        assertThat(webhook.getEventType()).isEqualTo("inventory.count.updated");
        assertThat(webhook.getExternalEventId()).isEqualTo("df5f3813-" + tenant);
    }

    @Test
    void shouldAcceptCloverWithItsAuthCodeAndNeverStoreTheCode() {
        String connection = Fixtures.connection(box, tenant, "clover", "clover-auth-code");
        String body = "{\"appId\":\"APP\",\"merchants\":{\"MID\":[{\"objectId\":\"I:ITEM99\",\"type\":\"UPDATE\",\"ts\":1537970958000}]}}";

        post("/intake/" + tenant + "/clover/" + connection, body, h -> h.set("X-Clover-Auth", "clover-auth-code"))
                .expectStatus().isAccepted();

        InboundWebhook webhook = onlyRecordOf(connection).value();
        assertThat(webhook.getExternalEventId()).isEqualTo("MID:I:ITEM99:UPDATE:1537970958000");
        assertThat(webhook.getHeaders().values()).doesNotContain("clover-auth-code");
    }

    @Test
    void shouldTakeOneCloverVerificationCallAMinuteLogItsCodeEscapedAndPublishItForTheConnection(CapturedOutput output) {
        String connection = Fixtures.connection(box, tenant, "clover", "clover-auth-code");
        String code = "code-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();

        post("/intake/" + tenant + "/clover/" + connection, "{\"verificationCode\":\"" + code + "\\r\\nFORGED\"}", h -> { })
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("verification_code_received");
        post("/intake/" + tenant + "/clover/" + connection, "{\"verificationCode\":\"" + second + "\"}", h -> { })
                .expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "60")
                .expectBody().jsonPath("$.error").isEqualTo("rate_limited");

        assertThat(output.getAll()).contains(code + "\\r\\nFORGED").contains(connection).doesNotContain(second);
        InboundWebhook record = onlyRecordOf(connection).value();
        assertThat(record.getEventType()).isEqualTo("verification_code");
        assertThat(record.getTenant()).isEqualTo(tenant);
    }

    @Test
    void shouldAcceptToastSignedOverBodyAndTimestamp() {
        String connection = Fixtures.connection(box, tenant, "toast", "toast-secret");
        String guid = UUID.randomUUID().toString();
        String body = "{\"timestamp\":\"2025-04-22T19:30:00.000+0000\",\"eventCategory\":\"stock\",\"eventType\":\"out_of_stock\","
                + "\"guid\":\"" + guid + "\",\"details\":{\"itemGuid\":\"1e199622\",\"restaurantGuid\":\"3325cc58\",\"status\":\"OUT_OF_STOCK\"}}";
        String ts = String.valueOf(System.currentTimeMillis());

        post("/intake/" + tenant + "/toast/" + connection, body, h -> {
            h.set("Toast-Timestamp", ts);
            h.set("Toast-Signature", hmacBase64("toast-secret", body, ts));
        }).expectStatus().isAccepted();

        assertThat(onlyRecordOf(connection).value().getExternalEventId()).isEqualTo(guid);
    }

    @Test
    void shouldAcceptTripleSeatWithAHexSignatureAndAnswer200AsTripleSeatRequires() {
        String connection = Fixtures.connection(box, tenant, "tripleseat", "ts-secret");
        String body = "{\"webhook_trigger_type\":\"CREATE_EVENT\",\"message\":\"Event created\",\"object\":{\"id\":777,"
                + "\"updated_at\":\"2025-04-22T19:30:00Z\"}}";
        String hex = java.util.HexFormat.of().formatHex(Fixtures.hmac("ts-secret".getBytes(StandardCharsets.UTF_8), body));

        post("/intake/" + tenant + "/tripleseat/" + connection, body, h -> h.set("X-Signature", hex))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("accepted").jsonPath("$.id").isNotEmpty();

        assertThat(onlyRecordOf(connection).value().getEventType()).isEqualTo("CREATE_EVENT");
    }

    @Test
    void shouldAcceptStandardWebhooksSignedWithTheRotatedOutSecretUntilItExpires() {
        String current = "whsec_" + Base64.getEncoder().encodeToString(("current-" + tenant).getBytes(StandardCharsets.UTF_8));
        String previous = "whsec_" + Base64.getEncoder().encodeToString(("previous-" + tenant).getBytes(StandardCharsets.UTF_8));
        String valid = Fixtures.connection(box, tenant, "standard", current, previous, Instant.now().plus(Duration.ofHours(1)),
                null, "active", Instant.now());
        String expired = Fixtures.connection(box, tenant, "standard", current, previous, Instant.now().minusSeconds(1),
                null, "active", Instant.now());
        String body = "{\"type\":\"invoice.paid\",\"timestamp\":\"2025-04-22T19:30:00Z\",\"data\":{\"id\":\"inv_1\"}}";

        standard("/intake/" + tenant + "/standard/" + valid, previous, body).expectStatus().isAccepted();
        standard("/intake/" + tenant + "/standard/" + expired, previous, body)
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_signature");
        assertThat(onlyRecordOf(valid).value().getEventType()).isEqualTo("invoice.paid");
    }

    @Test
    void shouldAnswer401WhenStandardWebhookTimestampIsOlderThanFiveMinutes() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(tenant.getBytes(StandardCharsets.UTF_8));
        String connection = Fixtures.connection(box, tenant, "standard", secret);
        String body = "{\"type\":\"invoice.paid\"}";
        String id = "msg_" + UUID.randomUUID();
        String ts = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        byte[] key = Base64.getDecoder().decode(secret.substring(6));
        String signature = "v1," + Base64.getEncoder().encodeToString(Fixtures.hmac(key, id + "." + ts + "." + body));

        post("/intake/" + tenant + "/standard/" + connection, body, h -> {
            h.set("webhook-id", id);
            h.set("webhook-timestamp", ts);
            h.set("webhook-signature", signature);
        }).expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_signature");
    }

    @Test
    void shouldAnswer401InvalidSignatureWhenShopifyHmacIsWrong() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        shopify("/intake/" + tenant + "/shopify/" + connection, "another-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_signature").jsonPath("$.trace").doesNotExist();
    }

    @Test
    void shouldAnswer401MissingSignatureWithoutTheHmacHeader() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        post("/intake/" + tenant + "/shopify/" + connection, SHOPIFY_BODY, h -> h.set("X-Shopify-Topic", "products/update"))
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("missing_signature");
    }

    @Test
    void shouldAnswer404UnknownConnectionForAnotherTenantsConnection() {
        String someoneElses = Fixtures.connection(box, Fixtures.tenant(), "shopify", "shopify-secret");
        shopify("/intake/" + tenant + "/shopify/" + someoneElses, "shopify-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("unknown_connection");
        shopify("/intake/" + tenant + "/pos/shopify", "shopify-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("unknown_connection");
    }

    @Test
    void shouldAnswer404UnknownProvider() {
        post("/intake/" + tenant + "/pos/myspace", SHOPIFY_BODY, h -> { })
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("unknown_provider");
    }

    @Test
    void shouldAnswer413WhenContentLengthIsOverOneMebibyte() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        String big = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", big, h -> { })
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.error").isEqualTo("payload_too_large");
    }

    @Test
    void shouldAnswer413WhenAChunkedBodyGrowsOverOneMebibyte() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        Flux<DataBuffer> body = Flux.range(0, 20).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.clone()));
        http.post().uri("/intake/" + tenant + "/shopify/" + connection)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Hmac-Sha256", "AAAA")
                .body(body, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.error").isEqualTo("payload_too_large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "text/json", "application/+json"})
    void shouldAnswer415ForWildcardsAndOtherTypesThatAreNotExactlyJson(String type) {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        http.post().uri("/intake/" + tenant + "/shopify/" + connection)
                .header("Content-Type", type)
                .header("X-Shopify-Topic", "products/update")
                .header("X-Shopify-Hmac-Sha256", hmacBase64("shopify-secret", SHOPIFY_BODY))
                .bodyValue(SHOPIFY_BODY)
                .exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").isEqualTo("unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/cloudevents+json", "Application/JSON"})
    void shouldAcceptJsonWithParametersAndStructuredSuffixes(String type) {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        http.post().uri("/intake/" + tenant + "/shopify/" + connection)
                .header("Content-Type", type)
                .header("X-Shopify-Topic", "products/update")
                .header("X-Shopify-Hmac-Sha256", hmacBase64("shopify-secret", SHOPIFY_BODY))
                .bodyValue(SHOPIFY_BODY)
                .exchange()
                .expectStatus().isAccepted();
    }

    @Test
    void shouldAnswer415ForABodyThatIsNotJson() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        http.post().uri("/intake/" + tenant + "/shopify/" + connection)
                .contentType(MediaType.TEXT_PLAIN)
                .header("X-Shopify-Hmac-Sha256", hmacBase64("shopify-secret", "hello"))
                .bodyValue("hello")
                .exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").isEqualTo("unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": 1,", "[{\"id\": 1}]", "{\"id\": 1} {\"id\": 2}", "\"text\"", "{\"id\": tru}"})
    void shouldAnswer400MalformedBodyForSignedBytesThatAreNotOneJsonObject(String body) {
        // Shopify's identity comes from its headers: the body is checked token by token instead of parsed to a tree
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", body, h -> { })
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("malformed_body");
    }

    @Test
    void shouldAnswer429WithRetryAfterOverTheConnectionsRate() {
        String connection = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        String other = Fixtures.connection(box, tenant, "shopify", "shopify-secret");
        for (int i = 0; i < 20; i++) {
            shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", SHOPIFY_BODY, h -> { })
                    .expectStatus().isAccepted();
        }
        shopify("/intake/" + tenant + "/shopify/" + connection, "shopify-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Integer.parseInt(v)).isBetween(1, 60))
                .expectBody().jsonPath("$.error").isEqualTo("rate_limited");
        shopify("/intake/" + tenant + "/shopify/" + other, "shopify-secret", SHOPIFY_BODY, h -> { })
                .expectStatus().isAccepted();
    }

    @Test
    void shouldCountRequestsByOutcomeAndVerificationFailuresInPrometheus() {
        String connection = Fixtures.connection(box, tenant, "tripleseat", "ts-secret");
        String body = "{\"webhook_trigger_type\":\"DELETE_EVENT\",\"object\":{\"id\":1}}";
        post("/intake/" + tenant + "/tripleseat/" + connection, body, h -> h.set("X-Signature", "00ff"))
                .expectStatus().isUnauthorized();

        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern("tillsync_intake_requests_total\\{[^}]*outcome=\"invalid_signature\"[^}]*provider=\"tripleseat\"")
                .containsPattern("tillsync_intake_verification_failures_total\\{[^}]*provider=\"tripleseat\"")
                .contains("tillsync_intake_publish_latency_seconds_bucket");
    }

    @Test
    void shouldEchoTheCallersCorrelationIdOnAcceptedAndRefusedWebhooksAndMakeOneWhenItIsNotSane() {
        String connection = Fixtures.connection(box, tenant, "shopify", "corr-secret");
        String path = "/intake/" + tenant + "/shopify/" + connection;

        shopify(path, "corr-secret", SHOPIFY_BODY, h -> h.set("X-Correlation-Id", "order-42.retry:1"))
                .expectStatus().isAccepted().expectHeader().valueEquals("X-Correlation-Id", "order-42.retry:1");
        shopify(path, "wrong-secret", SHOPIFY_BODY, h -> h.set("X-Correlation-Id", "order-43"))
                .expectStatus().isUnauthorized().expectHeader().valueEquals("X-Correlation-Id", "order-43");
        String made = shopify(path, "corr-secret", SHOPIFY_BODY, h -> h.set("X-Correlation-Id", "<script>"))
                .expectStatus().isAccepted().returnResult(String.class).getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(made).isNotBlank().isNotEqualTo("<script>");
    }

    @Test
    void shouldLeaveEveryOtherMethodAndPathToWebFluxWithItsJsonErrors() {
        http.get().uri("/intake/" + tenant + "/pos/shopify").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
        http.post().uri("/intake/" + tenant + "/shopify").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
    }

    @Test
    void shouldDocumentBothWebhookRoutesInTheOpenApiDocument() {
        http.get().uri("/openapi").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/intake/{tenant}/pos/{provider}'].post.operationId").isEqualTo("receiveForProvider")
                .jsonPath("$.paths['/intake/{tenant}/{provider}/{connection}'].post.parameters.length()").isEqualTo(3);
    }

    @Test
    void shouldReportKafkaReachabilityInHealth() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.details.nodes").isEqualTo(1);
    }

    private WebTestClient.ResponseSpec shopify(String path, String secret, String body, Consumer<HttpHeaders> extra) {
        return post(path, body, h -> {
            h.set("X-Shopify-Topic", "products/update");
            h.set("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
            h.set("X-Shopify-Hmac-Sha256", hmacBase64(secret, body));
            extra.accept(h);
        });
    }

    private WebTestClient.ResponseSpec standard(String path, String secret, String body) {
        String id = "msg_" + UUID.randomUUID();
        String ts = String.valueOf(Instant.now().getEpochSecond());
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String signature = "v1," + Base64.getEncoder().encodeToString(Fixtures.hmac(key, id + "." + ts + "." + body));
        return post(path, body, h -> {
            h.set("webhook-id", id);
            h.set("webhook-timestamp", ts);
            h.set("webhook-signature", signature);
        });
    }

    private WebTestClient.ResponseSpec post(String path, String body, Consumer<HttpHeaders> headers) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers(headers)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private static ConsumerRecord<String, InboundWebhook> onlyRecordOf(String connection) {
        List<ConsumerRecord<String, InboundWebhook>> records =
                TopicProbe.await(Topics.WEBHOOKS_INBOUND, 1, Duration.ofSeconds(30), r -> connection.equals(r.key()));
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
