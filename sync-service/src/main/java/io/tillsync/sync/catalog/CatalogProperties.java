package io.tillsync.sync.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the catalog side (catalog.changes → menu items, inventory, products → platform.events).
 *
 * @param lowStockThreshold threshold of {@code inventory.low_stock} for items without one of their own
 * @param batchTimeout      longest one batch may take (apply + publish) before the listener fails it for retry
 * @param availabilityCacheSeconds {@code Cache-Control: max-age} of the availability API
 */
@ConfigurationProperties("tillsync.sync.catalog")
public record CatalogProperties(@DefaultValue("5") BigDecimal lowStockThreshold,
        @DefaultValue("30s") Duration batchTimeout, @DefaultValue("5") int availabilityCacheSeconds) {
}
