package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** {@link CloverApi} over HTTP with the connection's bearer token. */
@Component
public class CloverHttpApi implements CloverApi {

    private final WebClient web;
    private final InboundProperties properties;

    public CloverHttpApi(WebClient.Builder web, InboundProperties properties) {
        this.web = web.build();
        this.properties = properties;
    }

    @Override
    public Mono<JsonNode> item(ProviderApiTarget target, String merchantId, String itemId) {
        String token = target.requireToken("clover");
        Mono<JsonNode> call = web.get()
                .uri(target.baseUrl() + "/v3/merchants/{mId}/items/{id}?expand=itemStock", merchantId, itemId)
                .accept(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(token))
                .exchangeToMono(r -> ProviderHttp.json(r, "Clover item fetch", true));
        return ProviderHttp.guard(call, "Clover item fetch", properties.fetchTimeout());
    }
}
