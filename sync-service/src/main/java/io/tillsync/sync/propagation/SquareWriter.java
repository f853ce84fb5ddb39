package io.tillsync.sync.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.avro.Variant;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Square's API (bearer token, {@code Square-Version} header): products are upserted with {@code POST
 * /v2/catalog/object} (an ITEM with its ITEM_VARIATIONs, temporary {@code #} ids on create, the stored version on
 * update), deletes are {@code DELETE /v2/catalog/object/{id}}, inventory is a PHYSICAL_COUNT through {@code POST
 * /v2/inventory/changes/batch-create} and availability marks the variation sold out at the connection's location
 * ({@code location_overrides[].sold_out}, unconfirmed: partial-object semantics of the upsert). Every call carries
 * an idempotency key derived from the change and target, so a retried write is not applied twice by Square.
 * Money goes in minor units (two-decimal currencies assumed).
 */
@Component
public class SquareWriter implements PlatformWriter {

    private final WebClient web;
    private final PropagationProperties properties;
    private final String squareVersion;

    public SquareWriter(WebClient.Builder web, PropagationProperties properties,
            @Value("${tillsync.sync.propagation.square-version:2025-01-23}") String squareVersion) {
        this.web = web.build();
        this.properties = properties;
        this.squareVersion = squareVersion;
    }

    @Override
    public String provider() {
        return "square";
    }

    @Override
    public Mono<WriteResult> write(WriteTarget target, PlatformWrite write) {
        if (write instanceof PlatformWrite.UpsertProduct u) {
            return upsert(target, u);
        }
        if (write instanceof PlatformWrite.DeleteProduct d) {
            return call(target, HttpMethod.DELETE, "/v2/catalog/object/" + d.targetItemId(), null)
                    .thenReturn(WriteResult.of(d.targetItemId()));
        }
        if (write instanceof PlatformWrite.SetInventory s) {
            String location = target.setting("location_id");
            if (location == null) {
                return Mono.error(new PlatformWriteException("square connection has no location_id setting", false));
            }
            ObjectNode body = WriterHttp.JSON.createObjectNode().put("idempotency_key", s.idempotencyKey());
            ObjectNode count = body.putArray("changes").addObject().put("type", "PHYSICAL_COUNT")
                    .putObject("physical_count");
            count.put("catalog_object_id", s.link().getOrDefault("variation_id", s.targetItemId()))
                    .put("location_id", location).put("state", "IN_STOCK")
                    .put("quantity", s.quantity().stripTrailingZeros().toPlainString())
                    .put("occurred_at", java.time.Instant.now().toString());
            return call(target, HttpMethod.POST, "/v2/inventory/changes/batch-create", body)
                    .thenReturn(WriteResult.of(s.targetItemId()));
        }
        PlatformWrite.SetAvailability a = (PlatformWrite.SetAvailability) write;
        String variation = a.link().getOrDefault("variation_id", a.targetItemId());
        String location = target.setting("location_id");
        ObjectNode body = WriterHttp.JSON.createObjectNode().put("idempotency_key", a.idempotencyKey());
        ObjectNode object = body.putObject("object").put("type", "ITEM_VARIATION").put("id", variation);
        ObjectNode data = object.putObject("item_variation_data").put("item_id", a.targetItemId());
        ObjectNode override = data.putArray("location_overrides").addObject().put("sold_out", !a.available());
        if (location != null) {
            override.put("location_id", location);
        }
        return call(target, HttpMethod.POST, "/v2/catalog/object", body).thenReturn(WriteResult.of(a.targetItemId()));
    }

    private Mono<WriteResult> upsert(WriteTarget target, PlatformWrite.UpsertProduct u) {
        boolean create = u.targetItemId() == null;
        ObjectNode body = WriterHttp.JSON.createObjectNode().put("idempotency_key", u.idempotencyKey());
        ObjectNode item = body.putObject("object").put("type", "ITEM")
                .put("id", create ? "#item" : u.targetItemId());
        if (!create && u.link().get("version") != null) {
            item.put("version", Long.parseLong(u.link().get("version")));
        }
        ObjectNode data = item.putObject("item_data").put("name", u.title());
        ArrayNode variations = data.putArray("variations");
        List<Variant> variants = u.variants();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            String id = create || i > 0 || u.link().get("variation_id") == null ? "#variation" + i
                    : u.link().get("variation_id");
            ObjectNode vd = variations.addObject().put("type", "ITEM_VARIATION").put("id", id)
                    .putObject("item_variation_data");
            vd.put("name", v.getTitle() == null ? u.title() : v.getTitle());
            if (v.getSku() != null) {
                vd.put("sku", v.getSku());
            }
            if (v.getPrice() != null) {
                vd.put("pricing_type", "FIXED_PRICING");
                vd.putObject("price_money")
                        .put("amount", v.getPrice().movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact())
                        .put("currency", v.getCurrency() == null ? "USD" : v.getCurrency());
            } else {
                vd.put("pricing_type", "VARIABLE_PRICING");
            }
        }
        return call(target, HttpMethod.POST, "/v2/catalog/object", body).map(answer -> {
            JsonNode object = answer.path("catalog_object");
            String id = WriterHttp.text(object, "id");
            if (id == null) {
                throw new PlatformWriteException("square catalog upsert answered no object id", false);
            }
            Map<String, String> attributes = new HashMap<>();
            Map<String, String> variantLinks = new HashMap<>();
            String version = WriterHttp.text(object, "version");
            if (version != null) {
                attributes.put("version", version);
            }
            JsonNode answered = object.path("item_data").path("variations");
            for (int i = 0; i < answered.size() && i < variants.size(); i++) {
                String variationId = WriterHttp.text(answered.get(i), "id");
                if (variationId != null) {
                    if (i == 0) {
                        attributes.put("variation_id", variationId);
                    }
                    variantLinks.put(variants.get(i).getVariantId(), variationId);
                }
            }
            return new WriteResult(id, attributes, variantLinks);
        });
    }

    private Mono<JsonNode> call(WriteTarget target, HttpMethod method, String path, JsonNode body) {
        String what = "Square " + method + " " + path.replaceAll("/object/.+", "/object/{id}");
        if (target.token() == null) {
            return Mono.error(new PlatformWriteException("square connection has no API token", false));
        }
        WebClient.RequestBodySpec spec = web.method(method).uri(target.baseUrl() + path)
                .accept(MediaType.APPLICATION_JSON).headers(h -> h.setBearerAuth(target.token()))
                .header("Square-Version", squareVersion);
        WebClient.RequestHeadersSpec<?> request = body == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString());
        return WriterHttp.guard(request.exchangeToMono(r -> WriterHttp.json(r, what)), what, properties.writeTimeout());
    }
}
