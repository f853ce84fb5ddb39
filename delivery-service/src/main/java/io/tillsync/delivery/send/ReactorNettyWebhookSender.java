package io.tillsync.delivery.send;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import io.tillsync.delivery.config.DeliveryProperties;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link WebhookSender} on WebClient over Reactor Netty: non-blocking, a bounded connection pool, connect and total
 * timeouts, no redirects followed, and only the first {@code maxResponseBody} bytes of a response kept.
 */
public class ReactorNettyWebhookSender implements WebhookSender {

    private final WebClient client;
    private final Duration totalTimeout;
    private final int maxBody;

    public ReactorNettyWebhookSender(WebClient.Builder builder, DeliveryProperties.Http http) {
        ConnectionProvider pool = ConnectionProvider.builder("webhooks")
                .maxConnections(http.maxConnections())
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient netty = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) http.connectTimeout().toMillis())
                .responseTimeout(http.totalTimeout())
                .followRedirect(false);
        this.client = builder.clone().clientConnector(new ReactorClientHttpConnector(netty)).build();
        this.totalTimeout = http.totalTimeout();
        this.maxBody = http.maxResponseBody();
    }

    @Override
    public Mono<SendResult> post(URI url, Map<String, String> headers, byte[] body) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client.post().uri(url)
                    .headers(h -> headers.forEach(h::set))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(response -> readBounded(response.bodyToFlux(DataBuffer.class))
                            .map(bytes -> new SendResult(response.statusCode().value(),
                                    copy(response.headers().asHttpHeaders()), decode(bytes), null, false,
                                    elapsed(start))))
                    .timeout(totalTimeout)
                    .onErrorResume(e -> Mono.just(SendResult.failed(describe(e), isTimeout(e), elapsed(start))));
        });
    }

    private Mono<byte[]> readBounded(reactor.core.publisher.Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            return body.doOnNext(buffer -> {
                        try {
                            int room = maxBody - out.size();
                            int n = Math.min(room, buffer.readableByteCount());
                            if (n > 0) {
                                byte[] chunk = new byte[n];
                                buffer.read(chunk);
                                out.write(chunk, 0, n);
                            }
                        } finally {
                            DataBufferUtils.release(buffer);
                        }
                    })
                    .takeUntil(buffer -> out.size() >= maxBody)
                    .then(Mono.fromSupplier(out::toByteArray));
        });
    }

    private static Map<String, List<String>> copy(org.springframework.http.HttpHeaders headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        return out;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = isTimeout(e) ? "timeout" : "connection error";
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return kind + ": " + message;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
