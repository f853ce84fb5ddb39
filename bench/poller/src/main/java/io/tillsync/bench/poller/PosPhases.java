package io.tillsync.bench.poller;

import io.tillsync.kit.security.SecretBox;
import io.tillsync.poller.pos.FakePlatform;
import io.tillsync.poller.pos.FakeShopify;
import io.tillsync.poller.pos.FakeSquare;
import io.tillsync.poller.pos.FakeToast;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Toast, Square and Shopify phases of the poller benchmark: per provider, CONNECTIONS connections of ITEMS items
 * on the poller-service tests' fakes (the documented shapes and page limits), an initial sync triggered by one manual
 * sync request per tenant, then an incremental poll with one changed item per connection. The poller keeps each
 * platform's documented rate limit itself (PolledCalls); the fakes count requests.
 */
final class PosPhases {

    /** What a provider phase needs: connections made, one item changed per connection, and the minimum requests. */
    interface Provider {
        String name();

        /** Creates the fake(s) and the connections (one tenant each); answers the tenants. */
        List<String> connect(SecretBox box, int connections, int items);

        /** Changes one item of every connection. */
        void changeOnePerConnection(int connections, int items);

        List<FakePlatform> fakes();

        /** Requests the platform needs at least for an initial sync of one connection at its largest page. */
        long minimumInitial(int items);

        /** ... and for an incremental poll of one changed item. */
        long minimumIncremental();

        /** The documented limit, as the time floor of the initial sync of one connection (connections run in parallel). */
        double floorSeconds(int items);
    }

    private PosPhases() {
    }

    static Provider toast() {
        FakeToast toast = new FakeToast();
        return new Provider() {
            public String name() {
                return "toast";
            }

            public List<String> connect(SecretBox box, int connections, int items) {
                List<String> tenants = new ArrayList<>();
                for (int c = 1; c <= connections; c++) {
                    String restaurant = "r-" + c;
                    String token = "tok-" + UUID.randomUUID();
                    toast.restaurant(restaurant, token);
                    Map<String, String> menu = new LinkedHashMap<>();
                    for (int i = 1; i <= items; i++) {
                        menu.put(restaurant + "-i" + i, "Item " + i);
                    }
                    toast.publish(restaurant, menu, Instant.parse("2026-11-01T10:00:00Z"));
                    tenants.add(PollerBench.posConnection(box, "bench-toast-t" + c, "toast", restaurant, token,
                            toast.baseUrl()));
                }
                return tenants;
            }

            public void changeOnePerConnection(int connections, int items) {
                for (int c = 1; c <= connections; c++) {
                    toast.stock("r-" + c, "r-" + c + "-i" + (1 + (c * 37) % items), "OUT_OF_STOCK", null);
                }
            }

            public List<FakePlatform> fakes() {
                return List.of(toast);
            }

            public long minimumInitial(int items) {
                return 3; // metadata, menus (one document), stock (one array)
            }

            public long minimumIncremental() {
                return 2; // metadata (menus unchanged), stock
            }

            public double floorSeconds(int items) {
                return 2 / 20.0; // 3 requests at 20/s per restaurant, /menus alone at 1/s: the first goes at once
            }
        };
    }

    static Provider square() {
        FakeSquare square = new FakeSquare();
        Instant old = Instant.now().minus(2, ChronoUnit.DAYS);
        return new Provider() {
            public String name() {
                return "square";
            }

            public List<String> connect(SecretBox box, int connections, int items) {
                List<String> tenants = new ArrayList<>();
                for (int c = 1; c <= connections; c++) {
                    String token = "sq-" + UUID.randomUUID();
                    square.seller(token);
                    for (int i = 1; i <= items; i++) {
                        square.put(token, new FakeSquare.Item("S" + c + "-" + i, "Item " + i, 100 + i, true, false,
                                false, old.plusMillis(i)));
                        square.count(token, "S" + c + "-" + i + "-V", "10", old.plusMillis(i));
                    }
                    tokens.add(token);
                    tenants.add(PollerBench.posConnection(box, "bench-square-t" + c, "square", "M" + c, token,
                            square.baseUrl()));
                }
                return tenants;
            }

            private final List<String> tokens = new ArrayList<>();

            public void changeOnePerConnection(int connections, int items) {
                Instant now = Instant.now();
                for (int c = 1; c <= connections; c++) {
                    square.count(tokens.get(c - 1), "S" + c + "-" + (1 + (c * 37) % items) + "-V", "0", now);
                }
            }

            public List<FakePlatform> fakes() {
                return List.of(square);
            }

            public long minimumInitial(int items) {
                return 2L * ((items + 999) / 1000); // counts and catalog, 1,000 a page
            }

            public long minimumIncremental() {
                return 2; // counts updated_after, catalog begin_time
            }

            public double floorSeconds(int items) {
                return Math.max(0, minimumInitial(items) - 10) / 10.0; // 10/s per token (Square publishes none)
            }
        };
    }

    static Provider shopify() {
        List<FakeShopify> shops = new ArrayList<>();
        Instant old = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return new Provider() {
            public String name() {
                return "shopify";
            }

            public List<String> connect(SecretBox box, int connections, int items) {
                List<String> tenants = new ArrayList<>();
                for (int c = 1; c <= connections; c++) {
                    String token = "shp-" + UUID.randomUUID();
                    FakeShopify shop = new FakeShopify().shop(token);
                    for (int i = 1; i <= items; i++) {
                        shop.put(new FakeShopify.Product(c * 1_000_000L + i, "Item " + i, 5, "deny", false, old));
                    }
                    shops.add(shop);
                    tenants.add(PollerBench.posConnection(box, "bench-shopify-t" + c, "shopify",
                            "bench" + c + ".myshopify.com", token, shop.baseUrl()));
                }
                return tenants;
            }

            public void changeOnePerConnection(int connections, int items) {
                Instant now = Instant.now().plusSeconds(1);
                for (int c = 1; c <= connections; c++) {
                    shops.get(c - 1).stock(c * 1_000_000L + 1 + (c * 37) % items, 0, now);
                }
            }

            public List<FakePlatform> fakes() {
                return List.copyOf(shops);
            }

            public long minimumInitial(int items) {
                return 1 + 2L * ((items + 249) / 250); // locations, products and levels at 250 a page
            }

            public long minimumIncremental() {
                return 3; // products and levels updated since; the product whose level alone changed, by id
            }

            public double floorSeconds(int items) {
                return Math.max(0, minimumInitial(items) - 40) / 2.0; // bucket of 40, leaking 2/s per shop
            }
        };
    }
}
