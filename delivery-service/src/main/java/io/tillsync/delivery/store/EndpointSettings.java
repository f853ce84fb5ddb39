package io.tillsync.delivery.store;

import java.util.List;
import java.util.Map;

/**
 * What a tenant sets on an endpoint (create and update): name, target, filter, extra headers, timeout in seconds and
 * send rate (null = not set).
 */
public record EndpointSettings(String name, String url, String description, List<String> eventTypes,
        Map<String, String> headers, Integer timeoutSeconds, Integer rateLimitPerSecond) {
}
