package io.tillsync.sync.orders;

import static io.tillsync.sync.orders.HttpTripleSeatClient.trimSlash;
import static io.tillsync.sync.orders.HttpTripleSeatClient.wrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@link RevelClient} over Revel's REST resources (shapes unconfirmed, kept here only): lookup
 * {@code GET {api_base_url}/resources/Order/?local_id=...&limit=1} answering {@code {"meta":{...},"objects":[{"id":..}]}};
 * creation {@code POST {api_base_url}/resources/Order/} with {@code local_id}, {@code establishment} (the revel
 * connection's {@code account}), {@code notes} and {@code items[{product_name, sku, quantity, price}]}, answering
 * the order with its {@code id}. Credential header {@code API-AUTHENTICATION: <key:secret>} from the connection's token.
 */
@Component
public class HttpRevelClient implements RevelClient {

    static final String AUTH_HEADER = "API-AUTHENTICATION";
    private static final String ORDERS = "/resources/Order/";

    private final WebClient http;
    private final ObjectMapper json;
    private final OrderInjectionProperties properties;

    public HttpRevelClient(WebClient.Builder builder, ObjectMapper json, OrderInjectionProperties properties) {
        this.http = builder.build();
        this.json = json;
        this.properties = properties;
    }

    @Override
    public Mono<String> findOrderId(PlatformAccount revel, String localId) {
        return Mono.defer(() -> http.get()
                        .uri(trimSlash(revel.baseUrl()) + ORDERS + "?local_id={localId}&limit=1", localId)
                        .header(AUTH_HEADER, revel.token())
                        .accept(MediaType.APPLICATION_JSON)
                        .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                                ? response.bodyToMono(byte[].class)
                                : response.releaseBody().then(Mono.error(new PlatformCallException(
                                        "revel GET " + ORDERS + " answered " + response.statusCode().value())))))
                .timeout(properties.httpTimeout())
                .flatMap(body -> Mono.justOrEmpty(firstId(read(body).path("objects"))))
                .onErrorMap(e -> !(e instanceof PlatformCallException), e -> wrap("revel GET " + ORDERS, e));
    }

    @Override
    public Mono<String> createOrder(PlatformAccount revel, NewOrder order) {
        ObjectNode body = json.createObjectNode();
        body.put("local_id", order.localId());
        if (revel.account() != null) {
            body.put("establishment", revel.account());
        }
        body.put("notes", order.note());
        ArrayNode items = body.putArray("items");
        order.items().forEach(i -> items.addObject().put("product_name", i.name()).put("sku", i.sku())
                .put("quantity", i.quantity()).put("price", i.unitPrice()));
        return Mono.defer(() -> http.post().uri(trimSlash(revel.baseUrl()) + ORDERS)
                        .header(AUTH_HEADER, revel.token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body.toString())
                        .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                                ? response.bodyToMono(byte[].class)
                                : response.releaseBody().then(Mono.error(new PlatformCallException(
                                        "revel POST " + ORDERS + " answered " + response.statusCode().value())))))
                .timeout(properties.httpTimeout())
                .map(answer -> {
                    String id = text(read(answer).get("id"));
                    if (id == null) {
                        throw new IllegalArgumentException("created order without id");
                    }
                    return id;
                })
                .onErrorMap(e -> !(e instanceof PlatformCallException), e -> wrap("revel POST " + ORDERS, e));
    }

    private static String firstId(JsonNode objects) {
        return objects.isArray() && !objects.isEmpty() ? text(objects.get(0).get("id")) : null;
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
