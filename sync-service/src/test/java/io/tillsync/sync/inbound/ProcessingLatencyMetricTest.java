package io.tillsync.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.kit.security.Caller;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.SyncProcess;
import io.tillsync.sync.SyncStackTestBase;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionRequest;
import io.tillsync.sync.connection.ConnectionService;
import io.tillsync.testsupport.TestStack;
import io.tillsync.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Processing latency (received by intake → processed by sync-service) is kept in the audit row, logged, and exported
 * in Prometheus format as a histogram per provider and outcome, so p99 can be read from the scrape. Spring's test
 * contexts turn metric export off, so the webhook is processed by the application in a JVM of its own (this
 * context's inbound listener is stopped meanwhile) and its real {@code /actuator/prometheus} is scraped.
 */
class ProcessingLatencyMetricTest extends SyncStackTestBase {

    @Autowired
    ConnectionService connections;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private SyncProcess app;

    @BeforeEach
    void onlyTheChildProcessesWebhooks() {
        listeners.getListenerContainer("sync-inbound").stop();
    }

    @AfterEach
    void stopChild() {
        if (app != null) {
            app.close();
        }
        listeners.getListenerContainer("sync-inbound").start();
    }

    @Test
    void shouldExportTheReceivedToProcessedLatencyAsAPrometheusHistogramAndLogIt() throws Exception {
        int port = TestStack.freePort();
        app = SyncProcess.start("latency-metric", Map.of("SERVER_PORT", String.valueOf(port)));
        HttpClient client = HttpClient.newHttpClient();
        URI prometheus = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
        await("sync-service on port " + port).atMost(Duration.ofMinutes(4)).ignoreExceptions()
                .until(() -> app.isAlive() && client.send(HttpRequest.newBuilder(prometheus).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        String tenant = newTenant();
        Connection c = connections.create(tenant, new ConnectionRequest("toast", "3325cc58", null, "whsec", null, null,
                null, null, null, null, null, null, null), Caller.operatorCaller()).block();
        Instant received = Instant.now().minusMillis(1500); // as if intake had accepted it 1.5 s ago
        String body = """
                {"timestamp":"2025-04-22T19:30:00.187+0000","eventCategory":"stock","eventType":"out_of_stock",
                 "guid":"lat-%s","details":{"itemGuid":"1e199622","restaurantGuid":"3325cc58","status":"OUT_OF_STOCK"}}"""
                .formatted(tenant);
        InboundWebhook w = InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant(tenant)
                .setConnectionId(c.id()).setProvider("toast").setEventType("out_of_stock").setExternalEventId("lat-" + tenant)
                .setReceivedAt(received).setHeaders(Map.of()).setContentType("application/json")
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))).setCorrelationId("corr-lat").build();
        TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), w);

        await().atMost(Duration.ofMinutes(2)).until(() -> !rows(
                "SELECT 1 FROM sync.webhook_audit WHERE id = ?::uuid AND status = 'processed'", w.getId()).isEmpty());
        Map<String, Object> audit = rows("SELECT received_at, processed_at FROM sync.webhook_audit WHERE id = ?::uuid",
                w.getId()).get(0);
        Duration stored = Duration.between(((Timestamp) audit.get("received_at")).toInstant(),
                ((Timestamp) audit.get("processed_at")).toInstant());
        assertThat(stored).isGreaterThanOrEqualTo(Duration.ofMillis(1500));

        // the latency is recorded once the audit rows are written, so the scrape may come a moment before it
        String scrape = await().atMost(Duration.ofSeconds(30)).until(() -> client.send(
                        HttpRequest.newBuilder(prometheus).build(), HttpResponse.BodyHandlers.ofString()).body(),
                text -> text.contains("# TYPE tillsync_sync_webhook_processing_latency_seconds histogram"));
        assertThat(scrape).containsPattern(
                "tillsync_sync_webhook_processing_latency_seconds_bucket\\{[^}]*outcome=\"processed\"[^}]*provider=\"toast\"");
        Matcher count = Pattern.compile(
                "tillsync_sync_webhook_processing_latency_seconds_count\\{[^}]*outcome=\"processed\"[^}]*provider=\"toast\"[^}]*} (\\S+)")
                .matcher(scrape);
        assertThat(count.find()).isTrue();
        assertThat(Double.parseDouble(count.group(1))).isGreaterThanOrEqualTo(1);
        Matcher max = Pattern.compile(
                "tillsync_sync_webhook_processing_latency_seconds_max\\{[^}]*outcome=\"processed\"[^}]*provider=\"toast\"[^}]*} (\\S+)")
                .matcher(scrape);
        assertThat(max.find()).isTrue();
        assertThat(Double.parseDouble(max.group(1))).isGreaterThanOrEqualTo(1.5);
        assertThat(Files.readString(app.log())).containsPattern("Inbound webhooks handled: \\d+ \\{[^}]*PROCESSED=\\d+[^}]*}, "
                + "processing latency max \\d{4,} ms");
    }
}
