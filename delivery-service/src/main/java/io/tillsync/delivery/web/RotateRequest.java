package io.tillsync.delivery.web;

/** Optional body of a secret rotation: the new {@code whsec_} secret, generated when absent. */
public record RotateRequest(String secret) {
}
