package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link SquareApi} over HTTP: SearchCatalogObjects with {@code begin_time}, page after page. */
@Component
public class SquareHttpApi implements SquareApi {

    /** Safety bound on pages read for one webhook (1,000 objects a page at most). */
    private static final int MAX_PAGES = 100;

    private final WebClient web;
    private final InboundProperties properties;

    public SquareHttpApi(WebClient.Builder web, InboundProperties properties) {
        this.web = web.build();
        this.properties = properties;
    }

    @Override
    public Flux<JsonNode> catalogChangedSince(ProviderApiTarget target, Instant beginTime) {
        String token = target.requireToken("square");
        return page(target, token, beginTime, null)
                .expand(page -> {
                    String cursor = CatalogChanges.text(page, "cursor");
                    return cursor == null || cursor.isBlank() ? Mono.empty() : page(target, token, beginTime, cursor);
                })
                .take(MAX_PAGES)
                .concatMapIterable(page -> page.path("objects"));
    }

    private Mono<JsonNode> page(ProviderApiTarget target, String token, Instant beginTime, String cursor) {
        ObjectNode body = CatalogChanges.JSON.createObjectNode();
        body.putArray("object_types").add("ITEM");
        body.put("include_deleted_objects", true);
        body.put("begin_time", beginTime.toString());
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        Mono<JsonNode> call = web.post().uri(target.baseUrl() + "/v2/catalog/search")
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBearerAuth(token)).header("Square-Version", properties.squareVersion())
                .bodyValue(body.toString())
                .exchangeToMono(r -> ProviderHttp.json(r, "Square catalog search", false));
        return ProviderHttp.guard(call, "Square catalog search", properties.fetchTimeout());
    }
}
