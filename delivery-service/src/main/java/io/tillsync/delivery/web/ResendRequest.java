package io.tillsync.delivery.web;

/** Optional body of a message resend: one endpoint ({@code ep_...}); absent means every endpoint it went to. */
public record ResendRequest(String endpointId) {
}
