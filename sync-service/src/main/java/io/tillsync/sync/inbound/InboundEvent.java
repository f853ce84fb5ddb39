package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.sync.connection.Connection;
import java.time.Instant;

/**
 * One webhook as a parser sees it: the verified record, its parsed JSON body, the connection it came through and
 * how to call that connection's API when the event only names an object.
 *
 * @param apiTarget null when the provider needs no fetch
 */
public record InboundEvent(InboundWebhook webhook, JsonNode body, Connection connection, ProviderApiTarget apiTarget) {

    public String tenant() {
        return webhook.getTenant();
    }

    public Instant receivedAt() {
        return webhook.getReceivedAt();
    }

    /** A request header (lower-case name) as intake kept it, or null. */
    public String header(String name) {
        return webhook.getHeaders().get(name);
    }

    /**
     * What identifies this event across replays and redeliveries: the provider's event id when it gives one, else
     * intake's receipt id. Change ids are derived from it, so reprocessing yields the same ids.
     */
    public String eventKey() {
        String external = webhook.getExternalEventId();
        return tenant() + "|" + (external != null ? "ext:" + external : "rcpt:" + webhook.getId());
    }

    public ProviderApiTarget api() {
        if (apiTarget == null) {
            throw new UnprocessableEventException(webhook.getProvider() + " connection has no API location");
        }
        return apiTarget;
    }
}
