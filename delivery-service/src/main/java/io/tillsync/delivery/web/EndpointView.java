package io.tillsync.delivery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.store.EndpointRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the API shows it; {@code secret} is present only in the answer to create, {@code recover} only in
 * the answer to enabling a disabled endpoint (what recovering since it was disabled would resend).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(String id, String name, String url, String description, List<String> eventTypes,
        String status, String disabledReason, Instant disabledAt, int consecutiveFailures, Instant lastSuccessAt,
        Instant lastFailureAt, Map<String, String> headers, Integer timeout, Integer rateLimitPerSecond,
        Instant createdAt, Instant updatedAt, String secret, RecoverOffer recover) {

    /**
     * Offered on enable: {@code POST path} with {@code {"since": since}} resends the {@code deliveries} that failed or
     * were skipped during the outage: since the failures that disabled the endpoint began (at {@code disabledAt} when
     * it was disabled by hand).
     */
    public record RecoverOffer(Instant since, Instant disabledAt, long deliveries, String path) {
    }

    static EndpointView of(EndpointRow row) {
        return of(row, null, null);
    }

    static EndpointView of(EndpointRow row, String secret) {
        return of(row, secret, null);
    }

    static EndpointView of(EndpointRow row, String secret, RecoverOffer recover) {
        return new EndpointView(PublicId.ENDPOINT.of(row.id()), row.name(), row.url(), row.description(),
                row.eventTypes(), row.status(), row.disabledReason(), row.disabledAt(), row.consecutiveFailures(),
                row.lastSuccessAt(), row.lastFailureAt(), row.headers(), row.timeoutSeconds(), row.rateLimitPerSecond(),
                row.createdAt(), row.updatedAt(), secret, recover);
    }
}
