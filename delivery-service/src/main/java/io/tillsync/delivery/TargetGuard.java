package io.tillsync.delivery;

import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.HostResolver;
import io.tillsync.platforms.http.OutboundTarget;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.TargetNotAllowedException;
import java.net.URI;
import java.util.Optional;

/**
 * Whether an endpoint URL may be used: http(s) only (https when required), no credentials in it, and a host the
 * {@link AddressPolicy} allows. The full check (with a DNS lookup) runs when an endpoint is saved; before every send
 * only the URL is checked here, because the address itself is checked where the connection is made (the outbound
 * layer resolves once and connects to the address it checked).
 */
public class TargetGuard {

    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final boolean requireHttps;

    public TargetGuard(AddressPolicy policy, HostResolver resolver, boolean requireHttps) {
        this.policy = policy;
        this.resolver = resolver;
        this.requireHttps = requireHttps;
    }

    /** Why the URL may not be saved, or empty when it may. Resolves DNS: call it off the event loop. */
    public Optional<String> refusal(String url) {
        Optional<String> urlRefusal = urlRefusal(url);
        if (urlRefusal.isPresent()) {
            return urlRefusal;
        }
        try {
            policy.resolve(OutboundTarget.of(URI.create(url)).host(), resolver);
            return Optional.empty();
        } catch (TargetNotAllowedException refused) {
            return Optional.of(AddressPolicy.describe(refused.reason()));
        } catch (PlatformCallException unresolvable) {
            return Optional.of("the host does not resolve");
        }
    }

    /** Why the URL itself (scheme, https, credentials, host present) may not be used; no DNS. */
    public Optional<String> urlRefusal(String url) {
        OutboundTarget target;
        try {
            target = OutboundTarget.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid URL");
        } catch (TargetNotAllowedException refused) {
            return Optional.of(AddressPolicy.describe(refused.reason()));
        }
        if (requireHttps && !target.scheme().equals("https")) {
            return Optional.of("https is required");
        }
        return Optional.empty();
    }
}
