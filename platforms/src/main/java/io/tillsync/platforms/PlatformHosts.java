package io.tillsync.platforms;

import io.tillsync.platforms.clover.CloverPlatform;
import io.tillsync.platforms.revel.RevelPlatform;
import io.tillsync.platforms.shopify.ShopifyPlatform;
import io.tillsync.platforms.square.SquarePlatform;
import io.tillsync.platforms.toast.ToastPlatform;
import io.tillsync.platforms.tripleseat.TripleSeatPlatform;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Whether a URL is one of a provider's official API hosts, as each provider's {@code *Platform} class lists them
 * (with the documentation they come from). A URL is official when it is {@code https}, carries no userinfo, names no
 * port other than 443, and its host is a listed host exactly or, for a listed {@code *.suffix}, a single-label
 * subdomain of that suffix ({@code shop.myshopify.com}, not {@code myshopify.com} nor {@code a.b.myshopify.com}).
 * Hosts compare case-insensitively; a trailing dot is not accepted.
 */
public final class PlatformHosts {

    private PlatformHosts() {
    }

    /** The official hosts of a provider ({@code *.suffix} for a documented wildcard); empty for {@code standard}. */
    public static List<String> of(Provider provider) {
        return switch (provider) {
            case SHOPIFY -> ShopifyPlatform.OFFICIAL_HOSTS;
            case SQUARE -> SquarePlatform.OFFICIAL_HOSTS;
            case CLOVER -> CloverPlatform.OFFICIAL_HOSTS;
            case TOAST -> ToastPlatform.OFFICIAL_HOSTS;
            case TRIPLESEAT -> TripleSeatPlatform.OFFICIAL_HOSTS;
            case REVEL -> RevelPlatform.OFFICIAL_HOSTS;
            case STANDARD -> List.of();
        };
    }

    public static boolean isOfficial(Provider provider, URI uri) {
        if (provider == null || uri == null || !uri.isAbsolute() || uri.isOpaque()
                || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null
                || (uri.getPort() != -1 && uri.getPort() != 443)) {
            return false;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || host.endsWith(".")) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        for (String official : of(provider)) {
            if (official.startsWith("*.")) {
                String suffix = official.substring(1);
                if (host.endsWith(suffix)) {
                    String label = host.substring(0, host.length() - suffix.length());
                    if (!label.isEmpty() && label.indexOf('.') < 0) {
                        return true;
                    }
                }
            } else if (host.equals(official)) {
                return true;
            }
        }
        return false;
    }
}
