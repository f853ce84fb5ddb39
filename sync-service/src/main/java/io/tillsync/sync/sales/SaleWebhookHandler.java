package io.tillsync.sync.sales;

import io.tillsync.avro.InboundWebhook;
import io.tillsync.avro.PlatformEvent;
import io.tillsync.avro.Sale;
import io.tillsync.kit.kafka.TopicPublisher;
import io.tillsync.kit.kafka.TopicPublishers;
import io.tillsync.platforms.PlatformDataException;
import io.tillsync.platforms.SaleWebhookMapper;
import io.tillsync.platforms.WebhookEvent;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.schemas.PlatformEventTypes;
import io.tillsync.schemas.Topics;
import io.tillsync.sync.connection.Connection;
import io.tillsync.sync.connection.ConnectionStore;
import io.tillsync.sync.inbound.ApiTargets;
import io.tillsync.sync.inbound.AuditEntry;
import io.tillsync.sync.inbound.InboundHandler;
import io.tillsync.sync.inbound.UnprocessableEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * POS order, payment and refund webhooks → normalized sale events on {@code platform.events}: the provider's
 * {@link SaleWebhookMapper} reads (or fetches) the order; each snapshot is recorded in {@link SaleStore} and, in the
 * same transaction, published as {@code sale.created} (first sight of the order, whichever webhook brought it),
 * {@code sale.status_changed} (a newer version with another status; {@code previousStatus} set) or
 * {@code sale.updated} (a newer version, same status). A duplicate or an older version publishes nothing. A completed
 * refund is published once per refund id as {@code sale.refunded}, with the order's last known status. Event ids are
 * name-based on (tenant, provider, order, version or refund, type), so a redelivery re-emits the same ids.
 */
@Component
public class SaleWebhookHandler implements InboundHandler {

    private final Map<String, SaleWebhookMapper> mappers;
    private final ConnectionStore connections;
    private final ApiTargets apiTargets;
    private final SaleStore store;
    private final TopicPublisher<PlatformEvent> events;
    private final TransactionalOperator tx;

    public SaleWebhookHandler(List<SaleWebhookMapper> mappers, ConnectionStore connections, ApiTargets apiTargets,
            SaleStore store, TopicPublishers publishers, TransactionalOperator tx) {
        this.mappers = mappers.stream().collect(Collectors.toMap(m -> m.provider().id(), Function.identity()));
        this.connections = connections;
        this.apiTargets = apiTargets;
        this.store = store;
        this.events = publishers.forTopic(Topics.PLATFORM_EVENTS);
        this.tx = tx;
    }

    @Override
    public boolean supports(InboundWebhook webhook) {
        SaleWebhookMapper mapper = mappers.get(webhook.getProvider());
        return mapper != null && mapper.supportsEventType(webhook.getEventType());
    }

    @Override
    public Mono<Void> handle(InboundWebhook webhook, AuditEntry audit) {
        SaleWebhookMapper mapper = mappers.get(webhook.getProvider());
        return connections.findAll(List.of(webhook.getConnectionId())).next()
                .switchIfEmpty(Mono.error(() -> new UnprocessableEventException(
                        "unknown connection " + webhook.getConnectionId())))
                .flatMap(connection -> {
                    WebhookEvent event = WebhookEvent.of(webhook, PlatformJson.object(bytes(webhook.getBody()), "body"),
                            connection.account());
                    if (!mapper.supports(event)) {
                        return Mono.empty();
                    }
                    return mapper.sales(event, apiTargets.of(connection))
                            .flatMapMany(Flux::fromIterable)
                            .concatMap(sale -> tx.transactional(publish(webhook, connection, sale)))
                            .then();
                })
                .onErrorMap(SaleWebhookHandler::permanent, e -> new UnprocessableEventException(e.getMessage()));
    }

    private static boolean permanent(Throwable e) {
        return e instanceof PlatformDataException
                || (e instanceof PlatformCallException call && !call.transientFailure());
    }

    private Mono<Void> publish(InboundWebhook webhook, Connection connection, Sale sale) {
        String tenant = webhook.getTenant();
        if (sale.getRefund() != null) {
            return store.recordRefund(tenant, sale.getProvider(), sale.getRefund().getRefundId(), sale.getSaleId())
                    .filter(Boolean::booleanValue)
                    .flatMap(first -> store.status(tenant, sale.getProvider(), sale.getSaleId()))
                    .flatMap(known -> {
                        known.ifPresent(sale::setStatus);
                        return send(webhook, connection, PlatformEventTypes.SALE_REFUNDED,
                                "refund:" + sale.getRefund().getRefundId(), sale);
                    });
        }
        return store.record(tenant, sale.getProvider(), sale.getSaleId(), connection.id(), sale.getVersion(),
                sale.getStatus()).flatMap(recorded -> {
                    String type;
                    if (recorded.created()) {
                        type = PlatformEventTypes.SALE_CREATED;
                    } else if (!sale.getStatus().equals(recorded.previousStatus())) {
                        type = PlatformEventTypes.SALE_STATUS_CHANGED;
                        sale.setPreviousStatus(recorded.previousStatus());
                    } else {
                        type = PlatformEventTypes.SALE_UPDATED;
                    }
                    return send(webhook, connection, type, "version:" + sale.getVersion(), sale);
                });
    }

    private Mono<Void> send(InboundWebhook webhook, Connection connection, String type, String discriminator, Sale sale) {
        String tenant = webhook.getTenant();
        String eventId = UUID.nameUUIDFromBytes(("sale|" + tenant + "|" + sale.getProvider() + "|" + sale.getSaleId()
                + "|" + discriminator + "|" + type).getBytes(StandardCharsets.UTF_8)).toString();
        PlatformEvent event = PlatformEvent.newBuilder().setEventId(eventId).setTenant(tenant).setType(type)
                .setOccurredAt(sale.getUpdatedAt()).setSubject(sale.getSaleId()).setConnectionId(connection.id())
                .setCorrelationId(webhook.getCorrelationId()).setData(sale).build();
        // Continue off the producer's network thread: the transaction commits next.
        return events.send(tenant + ":" + sale.getSaleId(), event, webhook.getCorrelationId())
                .publishOn(Schedulers.parallel());
    }

    private static byte[] bytes(ByteBuffer body) {
        ByteBuffer copy = body.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
