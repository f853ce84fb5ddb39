package io.tillsync.sync.connection;

import io.tillsync.kit.outbound.OutboundProperties;
import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import io.tillsync.platforms.PlatformHosts;
import io.tillsync.platforms.Provider;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where a connection's {@code apiBaseUrl} may point. A tenant key may name only its provider's official API hosts
 * ({@link PlatformHosts}, https); the operator key, or a stack that allows private targets (local development and
 * tests with local fakes), may name any absolute http(s) URL. Every call still passes the outbound layer's address
 * check when it connects, so an accepted URL never reaches a refused address.
 */
@Component
public class ApiBaseUrlPolicy {

    private final boolean allowPrivateTargets;

    /** Follows the outbound layer's own setting ({@code tillsync.outbound.allow-private-targets}). */
    @Autowired
    public ApiBaseUrlPolicy(OutboundProperties outbound) {
        this(outbound.allowPrivateTargets());
    }

    ApiBaseUrlPolicy(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** 400 {@code invalid_api_base_url} unless {@code caller} may point a {@code provider} connection at {@code url}. */
    public void check(Provider provider, String url, Caller caller) {
        if (url == null) {
            return;
        }
        URI uri = parse(url);
        if (caller.operator() || allowPrivateTargets) {
            return;
        }
        if (!PlatformHosts.isOfficial(provider, uri)) {
            throw ApiException.badRequest("invalid_api_base_url", "apiBaseUrl must be an https URL on one of "
                    + provider.id() + "'s API hosts " + PlatformHosts.of(provider)
                    + "; other hosts need the operator key");
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.isAbsolute() && uri.getHost() != null && uri.getRawUserInfo() == null
                    && ("http".equals(scheme) || "https".equals(scheme)) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_api_base_url",
                "apiBaseUrl must be an absolute http(s) URL with a host and no credentials, query or fragment");
    }
}
