package io.tillsync.platforms.http;

import reactor.core.publisher.Mono;

/**
 * The one way out of the stack. Implementations resolve the host once, check every address against the
 * {@link AddressPolicy}, connect only to an address that passed (no second lookup that DNS rebinding could change),
 * follow no redirects, bound connect and total time, and read at most the request's body cap.
 *
 * <p>The returned {@link Mono} emits the answer for any status, or fails with a {@link PlatformCallException}:
 * {@link TargetNotAllowedException} for a refused address, a transient failure for timeouts and I/O, a permanent
 * one for a body over the cap. Blocking callers (pollers on worker threads) may {@code block()} it.
 */
public interface OutboundHttp {

    Mono<OutboundResponse> send(OutboundRequest request);
}
