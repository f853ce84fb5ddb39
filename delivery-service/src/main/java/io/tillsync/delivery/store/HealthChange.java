package io.tillsync.delivery.store;

import java.util.UUID;

/**
 * How a batch of attempt results moved one endpoint's failure streak and status ({@code operational}: the tenant's
 * operational endpoint; {@code failingSince}: when the current streak began, null without one).
 */
public record HealthChange(UUID endpointId, String tenant, String name, boolean hadSuccess, int oldFailures,
        int newFailures, String oldStatus, String newStatus, boolean operational, java.time.Instant failingSince) {
}
