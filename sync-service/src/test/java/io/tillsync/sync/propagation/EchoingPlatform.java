package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.FakeProviderServer;
import io.tillsync.sync.connection.Connection;
import io.tillsync.testsupport.TopicProbe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake commerce platform with a write API that, like the real one, sends a webhook about every change made
 * through it — including our own writes (the echo). Webhooks go to {@code webhooks.inbound} as intake publishes them
 * (verified), shortly after the write was answered. Failures can be scripted for the next writes.
 */
abstract class EchoingPlatform implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final FakeProviderServer server = new FakeProviderServer();
    private final ExecutorService echoes = Executors.newSingleThreadExecutor();
    private final Deque<Integer> scriptedFailures = new ArrayDeque<>();
    private final AtomicInteger webhooksSent = new AtomicInteger();
    private volatile Connection connection;

    String baseUrl() {
        return server.baseUrl();
    }

    /** The connection whose webhooks this platform sends (set once the test created it). */
    void sendWebhooksAs(Connection connection) {
        this.connection = connection;
    }

    /** The next {@code times} writes answer {@code status} (and change nothing). */
    synchronized void failNextWrites(int status, int times) {
        for (int i = 0; i < times; i++) {
            scriptedFailures.add(status);
        }
    }

    /** Every write request received (reads such as searches excluded), in order. */
    abstract List<FakeProviderServer.Request> writes();

    int webhooksSent() {
        return webhooksSent.get();
    }

    /** Wraps a write route: scripted failures first, then the platform's own answer. */
    Function<FakeProviderServer.Request, FakeProviderServer.Response> write(
            Function<FakeProviderServer.Request, FakeProviderServer.Response> answer) {
        return request -> {
            Integer failure;
            synchronized (this) {
                failure = scriptedFailures.poll();
            }
            if (failure != null) {
                return new FakeProviderServer.Response(failure, "{\"errors\":\"scripted failure\"}");
            }
            synchronized (this) {
                return answer.apply(request);
            }
        };
    }

    /** Sends a webhook from this platform, after the current request was answered. */
    void webhook(String eventType, String externalEventId, String body, Map<String, String> headers) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        InboundWebhook w = InboundWebhook.newBuilder().setId(UUID.randomUUID().toString()).setTenant(c.tenant())
                .setConnectionId(c.id()).setProvider(c.provider()).setEventType(eventType)
                .setExternalEventId(externalEventId).setReceivedAt(Instant.now()).setHeaders(headers)
                .setContentType("application/json").setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setCorrelationId("corr-" + UUID.randomUUID()).build();
        webhooksSent.incrementAndGet();
        echoes.execute(() -> TopicProbe.send(Topics.WEBHOOKS_INBOUND, c.id(), w,
                Map.of("x-correlation-id", w.getCorrelationId())));
    }

    static FakeProviderServer.Response ok(Object body) {
        try {
            return new FakeProviderServer.Response(200, JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        echoes.shutdownNow();
        server.close();
    }
}
