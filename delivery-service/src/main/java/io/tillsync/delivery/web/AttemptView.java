package io.tillsync.delivery.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.delivery.PublicId;
import io.tillsync.delivery.store.AttemptRow;
import java.time.Instant;

/** One delivery attempt in the log. */
public record AttemptView(String id, String messageId, String endpointId, String eventType, int attemptNo,
        String trigger, String status, Integer responseStatusCode, JsonNode responseHeaders, String responseBody,
        String error, int durationMs, Instant timestamp) {

    static AttemptView of(AttemptRow row, ObjectMapper json) {
        return new AttemptView(PublicId.ATTEMPT.of(row.id()), PublicId.MESSAGE.of(row.messageId()),
                PublicId.ENDPOINT.of(row.endpointId()), row.eventType(), row.attemptNo(), row.trigger(), row.outcome(),
                row.responseStatus(), parse(row.responseHeadersJson(), json), row.responseBody(), row.error(),
                row.durationMs(), row.createdAt());
    }

    /** Stored JSON as a tree; text that is not JSON as a string node; null as null. */
    static JsonNode parse(String text, ObjectMapper json) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
