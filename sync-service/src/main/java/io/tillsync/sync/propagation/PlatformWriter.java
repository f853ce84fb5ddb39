package io.tillsync.sync.propagation;

import reactor.core.publisher.Mono;

/**
 * Writes catalog changes to one platform through its API (one adapter per provider). Fails with
 * {@link PlatformWriteException}: transient failures are retried with backoff, permanent ones dead-lettered at once.
 */
public interface PlatformWriter {

    /** The provider id this writer talks to (shopify, square). */
    String provider();

    Mono<WriteResult> write(WriteTarget target, PlatformWrite write);
}
