package io.tillsync.sync.orders;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.tripleseat.TripleSeatJson;
import io.tillsync.platforms.tripleseat.TripleSeatPlatform;
import io.tillsync.sync.inbound.AuditEntry;
import io.tillsync.sync.inbound.InboundHandler;
import io.tillsync.sync.inbound.UnprocessableEventException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The webhook tier of order injection: TripleSeat {@code CREATE_EVENT} and {@code UPDATE_EVENT} webhooks put the
 * event in the durable queue and inject it at once; {@code DELETE_EVENT} takes it out of the queue. A failed
 * injection (TripleSeat or Revel unreachable) is stored as failed and left open in the queue, where the next bulk
 * run (manual or scheduled) picks it up, so the webhook itself completes.
 */
@Component
public class TripleSeatWebhookHandler implements InboundHandler {

    private static final Logger log = LoggerFactory.getLogger(TripleSeatWebhookHandler.class);

    private final TripleSeatOrderInjector injector;

    public TripleSeatWebhookHandler(TripleSeatOrderInjector injector) {
        this.injector = injector;
    }

    @Override
    public boolean supports(InboundWebhook webhook) {
        return "tripleseat".equals(webhook.getProvider());
    }

    @Override
    public Mono<Void> handle(InboundWebhook webhook, AuditEntry audit) {
        TripleSeatJson.Webhook parsed;
        try {
            parsed = TripleSeatJson.webhook(bytes(webhook.getBody()), webhook.getEventType());
        } catch (PlatformDataException e) {
            return Mono.error(new UnprocessableEventException(e.getMessage()));
        }
        String correlationId = webhook.getCorrelationId();
        boolean order = TripleSeatPlatform.ORDER_TRIGGERS.contains(parsed.trigger());
        boolean delete = TripleSeatPlatform.TRIGGER_DELETE_EVENT.equals(parsed.trigger());
        if (!order && !delete) {
            TripleSeatOrderInjector.logWith(correlationId, () -> log.debug(
                    "tripleseat trigger {} needs no order (correlation_id={})", parsed.trigger(), correlationId));
            return Mono.empty();
        }
        return injector.venue(webhook.getTenant(), webhook.getConnectionId())
                .switchIfEmpty(Mono.error(() -> new UnprocessableEventException(
                        "tripleseat connection " + webhook.getConnectionId() + " is not active")))
                .flatMap(venue -> delete
                        ? injector.enqueue(venue, parsed.eventId(), parsed.trigger())
                                .then(injector.markDeleted(venue, parsed.eventId(), RunTrigger.WEBHOOK, correlationId))
                        : injector.enqueue(venue, parsed.eventId(), parsed.trigger())
                                .then(injector.inject(venue, parsed.eventId(), RunTrigger.WEBHOOK, correlationId)))
                .then();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
