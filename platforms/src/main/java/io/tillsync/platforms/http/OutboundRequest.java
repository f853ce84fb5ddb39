package io.tillsync.platforms.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call to make through {@link OutboundHttp}. {@code what} names the call in errors and metrics ("Square catalog
 * search"); it must not contain secrets. {@code maxResponseBytes} and {@code timeout} of 0 / null take the layer's
 * settings; {@code truncateBody} keeps the first {@code maxResponseBytes} bytes of a longer body instead of failing
 * (subscriber answers are kept for display only).
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, String what,
        int maxResponseBytes, Duration timeout, boolean truncateBody) {

    public OutboundRequest {
        headers = Map.copyOf(headers);
    }

    public static OutboundRequest get(URI uri, String what) {
        return new OutboundRequest("GET", uri, Map.of(), null, what, 0, null, false);
    }

    public static OutboundRequest post(URI uri, String what, byte[] body) {
        return new OutboundRequest("POST", uri, Map.of("Content-Type", "application/json"), body, what, 0, null, false);
    }

    public static OutboundRequest of(String method, URI uri, String what, byte[] body) {
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return new OutboundRequest(method, uri, headers, body, what, 0, null, false);
    }

    public OutboundRequest header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutboundRequest(method, uri, copy, body, what, maxResponseBytes, timeout, truncateBody);
    }

    public OutboundRequest bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public OutboundRequest timeout(Duration limit) {
        return new OutboundRequest(method, uri, headers, body, what, maxResponseBytes, limit, truncateBody);
    }

    public OutboundRequest maxResponseBytes(int limit, boolean truncate) {
        return new OutboundRequest(method, uri, headers, body, what, limit, timeout, truncate);
    }

    @Override
    public String toString() {
        return "OutboundRequest[" + method + " " + what + "]";
    }
}
