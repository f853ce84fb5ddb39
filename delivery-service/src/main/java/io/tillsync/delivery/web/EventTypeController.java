package io.tillsync.delivery.web;

import io.tillsync.delivery.EventTypes;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The event type catalogue endpoints may filter on (wildcards {@code group.*} match a whole group). */
@RestController
public class EventTypeController {

    @GetMapping("/api/event-types")
    public List<EventTypeView> eventTypes() {
        return EventTypes.CATALOGUE.entrySet().stream().map(e -> new EventTypeView(e.getKey(), e.getValue())).toList();
    }
}
