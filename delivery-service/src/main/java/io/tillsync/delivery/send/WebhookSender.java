package io.tillsync.delivery.send;

import java.net.URI;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Outbound HTTP for webhooks: POSTs a body with headers and reports what came back. Never errors: see {@link SendResult}. */
public interface WebhookSender {

    /** POSTs {@code body}; {@code timeout} null = the client's total timeout. */
    Mono<SendResult> post(URI url, Map<String, String> headers, byte[] body, java.time.Duration timeout);
}
