package io.tillsync.sync.propagation;

import io.tillsync.platforms.WriteResult;
import reactor.core.publisher.Mono;

/**
 * Writes catalog changes to one platform through its API (one adapter per provider over its platforms client). Fails
 * with {@link io.tillsync.platforms.http.PlatformCallException}: transient failures (timeouts, I/O, 429, 5xx) are
 * retried with backoff, permanent ones (401, 403, 404, 422, a missing setting) dead-lettered at once.
 */
public interface PlatformWriter {

    /** The provider id this writer talks to (shopify, square). */
    String provider();

    Mono<WriteResult> write(WriteTarget target, PlatformWrite write);
}
