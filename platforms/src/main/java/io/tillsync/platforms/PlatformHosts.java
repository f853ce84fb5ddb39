package io.tillsync.platforms;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The official API hosts of each provider: the only hosts a tenant may point a connection's {@code apiBaseUrl} at.
 * A host matches an entry exactly, or ends with an entry that starts with a dot (a documented per-merchant
 * subdomain, e.g. {@code shop.myshopify.com}). Only https on the default port, without credentials, is official.
 */
public final class PlatformHosts {

    private static final Map<Provider, List<String>> HOSTS = Map.of(
            Provider.SHOPIFY, List.of(".myshopify.com"),
            Provider.SQUARE, List.of("connect.squareup.com", "connect.squareupsandbox.com"),
            Provider.CLOVER, List.of("api.clover.com", "api.eu.clover.com", "api.la.clover.com",
                    "apisandbox.dev.clover.com"),
            Provider.TOAST, List.of("ws-api.toasttab.com", "ws-sandbox-api.eng.toasttab.com"),
            Provider.TRIPLESEAT, List.of("api.tripleseat.com"),
            Provider.REVEL, List.of(".revelup.com"),
            Provider.STANDARD, List.of());

    private PlatformHosts() {
    }

    /** The provider's official hosts as documented (entries starting with a dot are subdomain suffixes). */
    public static List<String> of(Provider provider) {
        return HOSTS.getOrDefault(provider, List.of());
    }

    /** Whether {@code uri} is an https URL on one of the provider's official hosts. */
    public static boolean isOfficial(Provider provider, URI uri) {
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null
                || (uri.getPort() != -1 && uri.getPort() != 443) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String entry : of(provider)) {
            if (entry.startsWith(".") ? host.endsWith(entry) && host.length() > entry.length() : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }
}
