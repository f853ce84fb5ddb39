package io.tillsync.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.avro.GenericEventData;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.schemas.AvroJson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.springframework.stereotype.Component;

/**
 * The outbound JSON body of a platform event, as Standard Webhooks recommends:
 * {@code {"type": ..., "timestamp": ISO-8601, "data": {...}}}. Typed data goes through {@link AvroJson}; a
 * {@link GenericEventData} is embedded as the JSON object it holds.
 */
@Component
public class MessagePayload {

    private final ObjectMapper json;

    public MessagePayload(ObjectMapper json) {
        this.json = json;
    }

    public String render(PlatformEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.getType());
        body.put("timestamp", event.getOccurredAt().toString());
        body.put("data", data(event.getData()));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload not serialisable", e);
        }
    }

    private Object data(Object data) {
        if (data instanceof GenericEventData generic) {
            try {
                JsonNode node = json.readTree(generic.getJson());
                return node == null ? Map.of() : node;
            } catch (JsonProcessingException e) {
                return Map.of("raw", generic.getJson());
            }
        }
        if (data instanceof IndexedRecord record) {
            return AvroJson.toMap(record);
        }
        return Map.of();
    }
}
