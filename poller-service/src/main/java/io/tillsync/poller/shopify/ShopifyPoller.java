package io.tillsync.poller.shopify;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.platforms.shopify.ShopifyAdminClient;
import io.tillsync.platforms.shopify.ShopifyCatalogMapper;
import io.tillsync.platforms.shopify.ShopifyPlatform;
import io.tillsync.poller.poll.ConnectionPoller;
import io.tillsync.poller.poll.HeldItem;
import io.tillsync.poller.poll.PollConfiguration;
import io.tillsync.poller.poll.PollProperties;
import io.tillsync.poller.poll.PollRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One poll of one Shopify shop through the REST Admin API (the connection's {@code api_base_url}, else
 * {@code https://{account}}):
 * <ol>
 * <li>{@code products.json?updated_at_min} (every product on a full poll), {@code page_info} cursors followed: each
 * product becomes an upsert and an availability change by {@link ShopifyCatalogMapper#isAvailable}; each variant's
 * inventory item is kept as pointing at its product.</li>
 * <li>{@code inventory_levels.json?location_ids&updated_at_min} (location ids fetched once with
 * {@code locations.json} and kept as the cursor): InventoryLevels; products whose levels changed but that step 1 did
 * not read are fetched by id ({@code products.json?ids}) for their availability.</li>
 * <li>On a full poll after the first, products no longer listed are ghosts (delete + unavailable).</li>
 * </ol>
 * An incremental poll costs two requests, three when a level changed without its product.
 */
@Component
public class ShopifyPoller implements ConnectionPoller {

    private static final String INVENTORY_ITEM = "inv:";

    private final ShopifyAdminClient api;
    private final PollProperties properties;

    public ShopifyPoller(OutboundHttp http, PollProperties properties, MeterRegistry meters,
            ObjectProvider<Clock> clock) {
        PollProperties.Shopify shopify = properties.shopify();
        this.api = new ShopifyAdminClient(http, shopify.apiVersion(), properties.requestTimeout(),
                PollConfiguration.polledCalls("shopify", http, properties, meters, clock.getIfUnique(Clock::systemUTC)),
                new RequestLimiter.Limit(shopify.bucketSize(),
                        Duration.ofMillis(1000L * shopify.bucketSize() / Math.max(1, shopify.leakPerSecond())),
                        shopify.concurrency()));
        this.properties = properties;
    }

    @Override
    public Provider provider() {
        return Provider.SHOPIFY;
    }

    @Override
    public Duration defaultInterval() {
        return properties.shopify().interval();
    }

    @Override
    public Result poll(PollRun run) {
        int pageSize = Math.min(properties.shopify().pageSize(), ShopifyPlatform.MAX_PAGE);
        Instant at = run.startedAt();
        String stored = run.connection().cursor();
        List<String> locations = run.since() != null && stored != null && !stored.isBlank()
                ? Arrays.asList(stored.split(",")) : api.locationIds(run.target());
        Map<String, HeldItem> heldItems = run.held(HeldItem.ITEM);
        Set<String> read = new HashSet<>();
        String pageInfo = null;
        do {
            ShopifyAdminClient.Page<ShopifyCatalogMapper.PolledProduct> page = api.productsPage(run.target(),
                    run.since(), pageInfo, pageSize, run.source(), at);
            products(run, page.records(), read);
            pageInfo = page.nextPageInfo();
        } while (pageInfo != null);

        Map<String, HeldItem> refs = run.held(HeldItem.REF);
        Set<String> refetch = new LinkedHashSet<>();
        if (!locations.isEmpty()) {
            do {
                ShopifyAdminClient.Page<CatalogChange> page = api.inventoryLevelsPage(run.target(), locations,
                        run.since(), pageInfo, pageSize, run.source(), at);
                for (CatalogChange level : page.records()) {
                    HeldItem owner = refs.get(INVENTORY_ITEM + level.getItemId());
                    if (owner != null && !read.contains(owner.parent())) {
                        refetch.add(owner.parent());
                    }
                }
                run.publish(page.records());
                pageInfo = page.nextPageInfo();
            } while (pageInfo != null);
        }
        List<String> ids = new ArrayList<>(refetch);
        for (int i = 0; i < ids.size(); i += ShopifyPlatform.MAX_PAGE) {
            List<ShopifyCatalogMapper.PolledProduct> products = api.productsByIds(run.target(),
                    ids.subList(i, Math.min(ids.size(), i + ShopifyPlatform.MAX_PAGE)), run.source(), at);
            List<CatalogChange> changes = new ArrayList<>(products.size());
            for (ShopifyCatalogMapper.PolledProduct product : products) {
                changes.add(product.availability()); // the upsert's version did not change
            }
            run.publish(changes);
        }

        boolean cleaned = run.since() == null && run.connection().lastSyncTime() != null;
        if (cleaned) {
            List<CatalogChange> ghosts = new ArrayList<>();
            List<HeldItem> gone = new ArrayList<>();
            for (HeldItem item : heldItems.values()) {
                if (!item.deleted() && !read.contains(item.itemId())) {
                    ghosts.addAll(ShopifyCatalogMapper.removed(run.source(), item.itemId(), at));
                    gone.add(new HeldItem(HeldItem.ITEM, item.itemId(), null, null, null, true));
                }
            }
            run.publish(ghosts);
            run.hold(gone);
        }
        return new Result(String.join(",", locations), run.since() == null);
    }

    private static void products(PollRun run, List<ShopifyCatalogMapper.PolledProduct> products, Set<String> read) {
        List<CatalogChange> changes = new ArrayList<>(products.size() * 2);
        List<HeldItem> hold = new ArrayList<>(products.size() * 2);
        for (ShopifyCatalogMapper.PolledProduct product : products) {
            changes.addAll(product.changes());
            hold.add(HeldItem.item(product.id(), null));
            for (String inventoryItem : product.inventoryItemIds()) {
                hold.add(HeldItem.ref(INVENTORY_ITEM + inventoryItem, product.id(), null));
            }
            read.add(product.id());
        }
        run.saw(products.size());
        run.publish(changes);
        run.hold(hold);
    }
}
