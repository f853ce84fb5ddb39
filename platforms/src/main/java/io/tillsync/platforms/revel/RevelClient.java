package io.tillsync.platforms.revel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.platforms.ApiTarget;
import io.tillsync.platforms.http.JsonCalls;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.json.PlatformJson;
import io.tillsync.platforms.tripleseat.EventItem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Revel's REST resources through {@link OutboundHttp} (shapes unconfirmed, kept here only): lookup
 * {@code GET {api_base_url}/resources/Order/?local_id=...&limit=1} answering {@code {"meta":{...},"objects":[{"id":..}]}};
 * creation {@code POST {api_base_url}/resources/Order/} with {@code local_id}, {@code establishment}, {@code notes}
 * and {@code items[{product_name, sku, quantity, price, modifiers[{name, price}]}]} (modifiers only when the line
 * has any), answering the order with its {@code id}. Credential
 * header {@link RevelPlatform#AUTH_HEADER} {@code <key:secret>} from the connection's token. Failures are
 * {@link PlatformCallException}s naming the call only.
 */
public final class RevelClient {

    static final String FIND = "Revel order lookup";
    static final String CREATE = "Revel order creation";

    /** An order to create: the local_id that marks it as ours, a note (the event name) and its items. */
    public record NewOrder(String localId, String note, List<EventItem> items) {
    }

    private final OutboundHttp http;
    private final Duration timeout;

    public RevelClient(OutboundHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The id of the order carrying this local_id, or empty when Revel has none. */
    public Mono<String> findOrderId(ApiTarget target, String localId) {
        return Mono.defer(() -> {
            OutboundRequest request = OutboundRequest.get(target.uri(RevelPlatform.ORDERS_PATH + "?local_id="
                            + URLEncoder.encode(localId, StandardCharsets.UTF_8) + "&limit=1"), FIND)
                    .header(RevelPlatform.AUTH_HEADER, target.requireToken(FIND)).header("Accept", "application/json")
                    .timeout(timeout);
            return JsonCalls.send(http, request, false).flatMap(answer -> {
                JsonNode objects = answer.path("objects");
                return Mono.justOrEmpty(objects.isArray() && !objects.isEmpty()
                        ? PlatformJson.text(objects.get(0), "id") : null);
            });
        });
    }

    /** Creates the order with its items and answers Revel's order id. */
    public Mono<String> createOrder(ApiTarget target, String establishment, NewOrder order) {
        return Mono.defer(() -> {
            ObjectNode body = PlatformJson.newObject();
            body.put("local_id", order.localId());
            if (establishment != null) {
                body.put("establishment", establishment);
            }
            body.put("notes", order.note());
            ArrayNode items = body.putArray("items");
            order.items().forEach(i -> {
                ObjectNode line = items.addObject().put("product_name", i.name()).put("sku", i.sku())
                        .put("quantity", i.quantity()).put("price", i.unitPrice());
                if (!i.modifiers().isEmpty()) {
                    ArrayNode modifiers = line.putArray("modifiers");
                    i.modifiers().forEach(m -> modifiers.addObject().put("name", m.name()).put("price", m.price()));
                }
            });
            OutboundRequest request = OutboundRequest.post(target.uri(RevelPlatform.ORDERS_PATH), CREATE,
                            body.toString().getBytes(StandardCharsets.UTF_8))
                    .header(RevelPlatform.AUTH_HEADER, target.requireToken(CREATE)).timeout(timeout);
            return JsonCalls.send(http, request, false).map(answer -> {
                String id = PlatformJson.text(answer, "id");
                if (id == null) {
                    throw new PlatformCallException(CREATE + " answer unreadable: created order without id", false, 200);
                }
                return id;
            });
        });
    }
}
