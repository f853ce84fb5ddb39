package io.tillsync.delivery.web;

import io.tillsync.delivery.EventTypes;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event type catalogue endpoints may filter on (wildcards {@code group.*} match a whole group), and the JSON Schema
 * of each type's payload.
 */
@RestController
public class EventTypeController {

    @GetMapping("/api/event-types")
    public List<EventTypeView> eventTypes() {
        return EventTypes.CATALOGUE.entrySet().stream().map(e -> new EventTypeView(e.getKey(), e.getValue())).toList();
    }

    /** The JSON Schema of one type's payload, generated from its Avro contract; 404 for an unknown type. */
    @GetMapping(value = "/api/event-types/{type}", produces = "application/schema+json")
    public Map<String, Object> schema(@PathVariable String type) {
        return EventTypes.payloadSchema(type);
    }
}
