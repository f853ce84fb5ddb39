package io.tillsync.sync.propagation;

import io.tillsync.platforms.Provider;
import io.tillsync.platforms.WriteResult;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.shopify.ShopifyAdminClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Propagation to Shopify through {@link ShopifyAdminClient}: a product without a Shopify id is created, one with an
 * id updated; availability is the product status; inventory is set at the connection's {@code location_id} setting
 * for the variant's {@code inventory_item_id}.
 */
@Component
public class ShopifyWriter implements PlatformWriter {

    private final ShopifyAdminClient shopify;

    public ShopifyWriter(OutboundHttp http, PropagationProperties properties,
            @Value("${tillsync.sync.propagation.shopify-api-version:2024-10}") String apiVersion) {
        this.shopify = new ShopifyAdminClient(http, apiVersion, properties.writeTimeout());
    }

    @Override
    public String provider() {
        return Provider.SHOPIFY.id();
    }

    @Override
    public Mono<WriteResult> write(WriteTarget target, PlatformWrite write) {
        if (write instanceof PlatformWrite.UpsertProduct u) {
            return u.targetItemId() == null
                    ? shopify.createProduct(target.api(), u.title(), u.status(), u.variants())
                    : shopify.updateProduct(target.api(), u.targetItemId(), u.title(), u.link().get("variant_id"),
                            u.variants().isEmpty() ? null : u.variants().get(0));
        }
        if (write instanceof PlatformWrite.SetAvailability a) {
            return shopify.setAvailable(target.api(), a.targetItemId(), a.available());
        }
        if (write instanceof PlatformWrite.DeleteProduct d) {
            return shopify.deleteProduct(target.api(), d.targetItemId());
        }
        PlatformWrite.SetInventory s = (PlatformWrite.SetInventory) write;
        String location = target.setting("location_id");
        if (location == null) {
            return Mono.error(new PlatformCallException("shopify connection has no location_id setting", false, 0));
        }
        return shopify.setInventory(target.api(), location, s.link().getOrDefault("inventory_item_id", s.targetItemId()),
                s.quantity(), s.targetItemId());
    }
}
