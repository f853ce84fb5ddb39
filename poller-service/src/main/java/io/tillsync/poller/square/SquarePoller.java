package io.tillsync.poller.square;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.avro.CatalogChange;
import io.tillsync.platforms.Provider;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.RequestLimiter;
import io.tillsync.platforms.square.SquareCatalogMapper;
import io.tillsync.platforms.square.SquareClient;
import io.tillsync.platforms.square.SquarePlatform;
import io.tillsync.poller.poll.ConnectionPoller;
import io.tillsync.poller.poll.HeldItem;
import io.tillsync.poller.poll.PollConfiguration;
import io.tillsync.poller.poll.PollProperties;
import io.tillsync.poller.poll.PollRun;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One poll of one Square seller:
 * <ol>
 * <li>BatchRetrieveInventoryCounts with {@code updated_after} = the last sync minus the overlap (every count on a full
 * poll), cursor followed: each IN_STOCK count becomes an InventoryLevel and is kept per variation and location
 * (only the connection's {@code settings.location_id} when it names one).</li>
 * <li>SearchCatalogObjects for ITEMs from {@code begin_time} with deleted objects, cursor followed (a full poll lists
 * every live ITEM instead): upserts, deletes (unavailable, DELETED), and each ITEM's stock profile (variations, tracked,
 * {@code sold_out} at the location).</li>
 * <li>Availability by {@link SquareCatalogMapper#isAvailable} for every ITEM changed or whose variations' counts
 * changed; on a full poll after the first, ITEMs no longer listed are ghosts.</li>
 * </ol>
 * An incremental poll costs two requests (one per API; Square has no call that answers both).
 */
@Component
public class SquarePoller implements ConnectionPoller {

    private static final String VARIATION = "var:";
    private static final String COUNT = "count:";

    private final SquareClient api;
    private final PollProperties properties;

    public SquarePoller(OutboundHttp http, PollProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        PollProperties.Square square = properties.square();
        Clock c = clock.getIfUnique(Clock::systemUTC);
        this.api = new SquareClient(http, square.apiVersion(), properties.requestTimeout(), c,
                PollConfiguration.polledCalls("square", http, properties, meters, c),
                RequestLimiter.Limit.perSecond(square.requestsPerSecond(), square.concurrency()));
        this.properties = properties;
    }

    @Override
    public Provider provider() {
        return Provider.SQUARE;
    }

    @Override
    public Duration defaultInterval() {
        return properties.square().interval();
    }

    @Override
    public Result poll(PollRun run) {
        int pageSize = Math.min(properties.square().pageSize(), SquarePlatform.CATALOG_SEARCH_MAX_PAGE);
        String location = run.connection().locationSetting();
        Instant at = run.startedAt();
        String version = Long.toString(at.toEpochMilli());
        Set<String> countedVariations = new HashSet<>();
        String cursor = null;
        do {
            SquareCatalogMapper.Page<SquareCatalogMapper.PolledCount> page = api.inventoryCountsPage(run.target(),
                    run.since(), cursor, pageSize, run.source(), at);
            List<CatalogChange> changes = new ArrayList<>(page.records().size());
            List<HeldItem> refs = new ArrayList<>(page.records().size());
            for (SquareCatalogMapper.PolledCount count : page.records()) {
                changes.add(count.change());
                if (location == null || location.equals(count.locationId())) {
                    refs.add(HeldItem.ref(COUNT + count.variationId() + "@" + count.locationId(), count.variationId(),
                            count.quantity()));
                    countedVariations.add(count.variationId());
                }
            }
            run.publish(changes);
            run.hold(refs);
            cursor = page.cursor();
        } while (cursor != null);

        Map<String, HeldItem> heldItems = run.held(HeldItem.ITEM);
        Map<String, String> profiles = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Set<String> listed = new HashSet<>();
        do {
            SquareCatalogMapper.Page<SquareCatalogMapper.PolledItem> page = api.searchCatalogPage(run.target(),
                    run.since(), cursor, pageSize, run.source(), at, location);
            List<CatalogChange> changes = new ArrayList<>();
            List<HeldItem> hold = new ArrayList<>();
            for (SquareCatalogMapper.PolledItem item : page.records()) {
                changes.addAll(item.changes());
                if (item.deleted()) {
                    hold.add(new HeldItem(HeldItem.ITEM, item.id(), null, null, null, true));
                    profiles.remove(item.id());
                    continue;
                }
                listed.add(item.id());
                profiles.put(item.id(), item.profile());
                names.put(item.id(), item.name());
                hold.add(HeldItem.item(item.id(), item.profile()));
                for (String variation : item.variations()) {
                    hold.add(HeldItem.ref(VARIATION + variation, item.id(), null));
                }
            }
            run.saw(page.records().size());
            run.publish(changes);
            run.hold(hold);
            cursor = page.cursor();
        } while (cursor != null);

        Map<String, HeldItem> refs = run.held(HeldItem.REF);
        Map<String, BigDecimal> quantities = new HashMap<>();
        for (HeldItem ref : refs.values()) {
            if (ref.itemId().startsWith(COUNT) && ref.quantity() != null) {
                quantities.merge(ref.parent(), ref.quantity(), BigDecimal::add);
            }
        }
        for (String variation : countedVariations) {
            HeldItem owner = refs.get(VARIATION + variation);
            if (owner != null && !profiles.containsKey(owner.parent())) {
                HeldItem item = heldItems.get(owner.parent());
                if (item != null && !item.deleted()) {
                    profiles.put(item.itemId(), item.state());
                }
            }
        }
        List<CatalogChange> availability = new ArrayList<>(profiles.size());
        profiles.forEach((id, profile) -> availability.add(SquareCatalogMapper.availability(run.source(), id,
                names.get(id), SquareCatalogMapper.isAvailable(profile, quantities), at, version)));
        boolean cleaned = run.since() == null && run.connection().lastSyncTime() != null;
        List<HeldItem> ghosts = new ArrayList<>();
        if (cleaned) {
            for (HeldItem item : heldItems.values()) {
                if (!item.deleted() && !listed.contains(item.itemId())) {
                    availability.add(SquareCatalogMapper.ghost(run.source(), item.itemId(), at));
                    availability.add(SquareCatalogMapper.deletedAvailability(run.source(), item.itemId(), at, "ghost"));
                    ghosts.add(new HeldItem(HeldItem.ITEM, item.itemId(), null, null, null, true));
                }
            }
        }
        run.publish(availability);
        run.hold(ghosts);
        return new Result("", run.since() == null);
    }
}
