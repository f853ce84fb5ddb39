package io.tillsync.schemas;

import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.OpsAlert;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.PollRequest;
import java.time.Duration;
import java.util.List;

/**
 * The registry of every topic Tillsync owns, declared once. Keys are strings; see each value schema's doc for
 * what the key holds. Every topic has a dead-letter twin named {@code <topic>.dlt}. Retention: a week for the
 * pipeline's topics (every effect is stored in Postgres within seconds; a week covers a consumer that was down over a
 * long weekend), a day for poll requests (a stale request is worth nothing), 30 days for alerts and every dead letter.
 */
public final class Topics {

    /** Verified webhooks from intake-service; key = connection id, so order is kept per connection. */
    public static final Topic<String, InboundWebhook> WEBHOOKS_INBOUND =
            Topic.of("webhooks.inbound", InboundWebhook.class, 6, Duration.ofDays(7));

    /** Normalized catalog/inventory/availability changes from webhooks and polls; key = tenant:item. */
    public static final Topic<String, CatalogChange> CATALOG_CHANGES =
            Topic.of("catalog.changes", CatalogChange.class, 6, Duration.ofDays(7));

    /** Public domain events; key = tenant:subject. */
    public static final Topic<String, PlatformEvent> PLATFORM_EVENTS =
            Topic.of("platform.events", PlatformEvent.class, 6, Duration.ofDays(7));

    /** Requests to poll a tenant now (manual sync, reconciliation); key = tenant. Stale after a day. */
    public static final Topic<String, PollRequest> POLL_REQUESTS =
            Topic.of("poll.requests", PollRequest.class, 3, Duration.ofDays(1));

    /** Operator alerts; key = tenant or "ops". */
    public static final Topic<String, OpsAlert> OPS_ALERTS =
            Topic.of("ops.alerts", OpsAlert.class, 1, Duration.ofDays(30));

    private static final List<Topic<String, ?>> ALL =
            List.of(WEBHOOKS_INBOUND, CATALOG_CHANGES, PLATFORM_EVENTS, POLL_REQUESTS, OPS_ALERTS);

    private Topics() {
    }

    /** Every topic, in pipeline order. */
    public static List<Topic<String, ?>> all() {
        return ALL;
    }
}
