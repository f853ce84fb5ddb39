package io.tillsync.poller.toast;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.toast.ToastCatalogMapper;
import io.tillsync.platforms.toast.ToastClient;
import io.tillsync.platforms.toast.ToastPlatform;
import io.tillsync.poller.poll.ConnectionPoller;
import io.tillsync.poller.poll.HeldItem;
import io.tillsync.poller.poll.PollConfiguration;
import io.tillsync.poller.poll.PollProperties;
import io.tillsync.poller.poll.PollRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One poll of one Toast restaurant (the connection's {@code account} is its guid, sent as
 * {@code Toast-Restaurant-External-ID}):
 * <ol>
 * <li>{@code GET /menus/v2/metadata}; only when its {@code lastUpdated} differs from the one stored (or on the first
 * poll, a cleanup poll or a rewind) {@code GET /menus/v2/menus}, whose items become upserts; items the menus no
 * longer have are ghosts (delete + unavailable). The menus are a full listing, so this is the ghost cleanup.</li>
 * <li>{@code GET /stock/v1/inventory}, which lists only OUT_OF_STOCK and QUANTITY items: each listed item whose status
 * changed gets an availability change by {@link ToastCatalogMapper#isAvailable}; an item held as out of stock or
 * limited that the list no longer names is back IN_STOCK; new menu items not listed are IN_STOCK.</li>
 * </ol>
 * An incremental poll with unchanged menus costs two requests.
 */
@Component
public class ToastPoller implements ConnectionPoller {

    private final ToastClient api;
    private final PollProperties properties;

    public ToastPoller(OutboundHttp http, PollProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        this.api = new ToastClient(http, properties.requestTimeout(),
                PollConfiguration.polledCalls("toast", http, properties, meters, clock.getIfUnique(Clock::systemUTC)));
        this.properties = properties;
    }

    @Override
    public Provider provider() {
        return Provider.TOAST;
    }

    @Override
    public Duration defaultInterval() {
        return properties.toast().interval();
    }

    @Override
    public Result poll(PollRun run) {
        String restaurant = run.connection().account();
        if (restaurant == null || restaurant.isBlank()) {
            throw new IllegalStateException("the toast connection has no account (the restaurant guid)");
        }
        Instant lastUpdated = api.menusLastUpdated(run.target(), restaurant);
        String stored = run.connection().cursor();
        boolean fetchMenus = run.since() == null || stored == null || stored.isEmpty() || lastUpdated == null
                || !lastUpdated.toString().equals(stored);
        Map<String, HeldItem> held = run.held(HeldItem.ITEM);
        List<CatalogChange> changes = new ArrayList<>();
        Map<String, HeldItem> hold = new LinkedHashMap<>();
        Map<String, String> menuItems = Map.of();
        Instant at = run.startedAt();
        if (fetchMenus) {
            ToastCatalogMapper.PolledMenus menus = api.menusNow(run.target(), restaurant, run.source(), lastUpdated, at);
            menuItems = menus.names();
            changes.addAll(menus.upserts());
            run.saw(menuItems.size());
        }
        List<ToastCatalogMapper.StockItem> stock = api.stockInventory(run.target(), restaurant);
        if (!fetchMenus) {
            run.saw(stock.size());
        }
        String version = Long.toString(at.toEpochMilli());
        Set<String> listed = new HashSet<>();
        for (ToastCatalogMapper.StockItem item : stock) {
            listed.add(item.guid());
            String state = item.status()
                    + (item.quantity() == null ? "" : ":" + item.quantity().stripTrailingZeros().toPlainString());
            HeldItem before = held.get(item.guid());
            if (fetchMenus || before == null || before.deleted() || !state.equals(before.state())) {
                changes.add(ToastCatalogMapper.stockAvailability(run.source(), item.guid(), menuItems.get(item.guid()),
                        item.status(), item.quantity(), at, version));
            }
            hold.put(item.guid(), HeldItem.item(item.guid(), state));
        }
        boolean cleaned = fetchMenus && !menuItems.isEmpty();
        for (HeldItem before : held.values()) {
            String guid = before.itemId();
            if (before.deleted() || listed.contains(guid)) {
                continue;
            }
            if (cleaned && !menuItems.containsKey(guid)) {
                changes.addAll(ToastCatalogMapper.removed(run.source(), guid, at));
                hold.put(guid, new HeldItem(HeldItem.ITEM, guid, null, "DELETED", null, true));
            } else if (!ToastPlatform.STOCK_IN_STOCK.equals(before.state())) {
                // dropped off the /inventory list: back in stock
                changes.add(ToastCatalogMapper.stockAvailability(run.source(), guid, menuItems.get(guid),
                        ToastPlatform.STOCK_IN_STOCK, null, at, version));
                hold.put(guid, HeldItem.item(guid, ToastPlatform.STOCK_IN_STOCK));
            }
        }
        for (Map.Entry<String, String> item : menuItems.entrySet()) {
            String guid = item.getKey();
            HeldItem before = held.get(guid);
            if (!listed.contains(guid) && (before == null || before.deleted())) {
                changes.add(ToastCatalogMapper.stockAvailability(run.source(), guid, item.getValue(),
                        ToastPlatform.STOCK_IN_STOCK, null, at, version));
                hold.put(guid, HeldItem.item(guid, ToastPlatform.STOCK_IN_STOCK));
            }
        }
        run.publish(changes);
        run.hold(hold.values());
        return new Result(lastUpdated != null ? lastUpdated.toString() : stored, cleaned);
    }
}
