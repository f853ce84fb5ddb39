package io.tillsync.sync.inbound;

import io.tillsync.avro.InboundWebhook;
import reactor.core.publisher.Mono;

/**
 * A handler of inbound webhooks beyond the catalog (for example TripleSeat orders). Every Spring bean implementing
 * it is offered each webhook of an active connection after the audit row exists; all beans whose
 * {@link #supports} answers true are called, in bean order, before the listener commits the record.
 *
 * <p>Contract: {@link #handle} must be idempotent (the same webhook may come again after a crash, with the same
 * {@link AuditEntry#id()}); complete empty when the effect is durable. Fail with
 * {@link UnprocessableEventException} for an event that can never succeed (recorded in the audit as
 * {@code failed}, not retried); any other error is retried with backoff and finally sent to
 * {@code webhooks.inbound.dlt}, the audit row left {@code retrying} with the error. Replays of an event already
 * seen (same tenant and external event id) are never passed to handlers.
 */
public interface InboundHandler {

    boolean supports(InboundWebhook webhook);

    Mono<Void> handle(InboundWebhook webhook, AuditEntry audit);
}
