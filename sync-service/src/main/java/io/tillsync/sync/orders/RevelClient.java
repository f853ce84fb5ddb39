package io.tillsync.sync.orders;

import java.util.List;
import reactor.core.publisher.Mono;

/** The Revel API as order injection uses it. Fails with {@link PlatformCallException}. */
public interface RevelClient {

    /** The id of the order carrying this local_id, or empty when Revel has none. */
    Mono<String> findOrderId(PlatformAccount revel, String localId);

    /** Creates the order with its items and answers Revel's order id. */
    Mono<String> createOrder(PlatformAccount revel, NewOrder order);

    /** An order to create: the local_id that marks it as ours, a note (the event name) and its items. */
    record NewOrder(String localId, String note, List<EventItem> items) {
    }
}
