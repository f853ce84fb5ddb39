package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** {@link ToastApi} over HTTP with the connection's bearer token and the restaurant header Toast requires. */
@Component
public class ToastHttpApi implements ToastApi {

    private final WebClient web;
    private final InboundProperties properties;

    public ToastHttpApi(WebClient.Builder web, InboundProperties properties) {
        this.web = web.build();
        this.properties = properties;
    }

    @Override
    public Mono<JsonNode> menus(ProviderApiTarget target, String restaurantGuid) {
        String token = target.requireToken("toast");
        Mono<JsonNode> call = web.get().uri(target.baseUrl() + "/menus/v2/menus")
                .accept(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(token))
                .header("Toast-Restaurant-External-ID", restaurantGuid)
                .exchangeToMono(r -> ProviderHttp.json(r, "Toast menus fetch", false));
        return ProviderHttp.guard(call, "Toast menus fetch", properties.fetchTimeout());
    }
}
