package io.tillsync.delivery.send;

import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.TargetNotAllowedException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@link WebhookSender} over the guarded {@link OutboundHttp}: a JSON POST whose answer keeps the first
 * {@code maxResponseBody} bytes of the body; a refused address, a timeout or an I/O failure becomes a failed
 * {@link SendResult} whose reason names the kind of failure, never the subscriber's address or what it said.
 * Closing it closes the client it was given (delivery's own, sized by {@code tillsync.delivery.http}).
 */
public class OutboundWebhookSender implements WebhookSender, AutoCloseable {

    private final OutboundHttp http;
    private final int maxResponseBody;

    public OutboundWebhookSender(OutboundHttp http, int maxResponseBody) {
        this.http = http;
        this.maxResponseBody = maxResponseBody;
    }

    @Override
    public Mono<SendResult> post(URI url, Map<String, String> headers, byte[] body, java.time.Duration timeout) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putIfAbsent("content-type", "application/json");
            OutboundRequest request = new OutboundRequest("POST", url, all, body, "Webhook", maxResponseBody, timeout,
                    true);
            return http.send(request)
                    .map(response -> new SendResult(response.status(), response.headers(), decode(response.body()),
                            null, false, response.elapsedMillis()))
                    .onErrorResume(PlatformCallException.class, e -> Mono.just(failed(e, elapsed(start))));
        });
    }

    @Override
    public void close() throws Exception {
        if (http instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static SendResult failed(PlatformCallException e, long elapsedMs) {
        if (e instanceof TargetNotAllowedException refused) {
            return SendResult.refused(AddressPolicy.describe(refused.reason()), elapsedMs);
        }
        String message = e.getMessage();
        if (message.endsWith(": timeout")) {
            return SendResult.failed("timeout", true, elapsedMs);
        }
        if (message.endsWith(": host does not resolve")) {
            return SendResult.failed("host does not resolve", false, elapsedMs);
        }
        return SendResult.failed("connection error", false, elapsedMs);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
