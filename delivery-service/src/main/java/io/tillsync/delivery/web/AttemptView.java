package io.tillsync.delivery.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One delivery attempt in the log. */
public record AttemptView(String id, String messageId, String endpointId, String eventType, int attemptNo,
        String trigger, String status, Integer responseStatusCode, JsonNode responseHeaders, String responseBody,
        String error, int durationMs, Instant timestamp) {
}
