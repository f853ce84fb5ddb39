package io.tillsync.delivery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.store.EndpointRow;
import java.time.Instant;
import java.util.List;

/** An endpoint as the API shows it; {@code secret} is present only in the answer to create. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(String id, String name, String url, String description, List<String> eventTypes,
        String status, String disabledReason, int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt,
        Instant createdAt, Instant updatedAt, String secret) {

    static EndpointView of(EndpointRow row) {
        return of(row, null);
    }

    static EndpointView of(EndpointRow row, String secret) {
        return new EndpointView(PublicId.ENDPOINT.of(row.id()), row.name(), row.url(), row.description(),
                row.eventTypes(), row.status(), row.disabledReason(), row.consecutiveFailures(), row.lastSuccessAt(),
                row.lastFailureAt(), row.createdAt(), row.updatedAt(), secret);
    }
}
