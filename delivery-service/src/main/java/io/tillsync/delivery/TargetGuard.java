package io.tillsync.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard for endpoint URLs: http(s) only (https when required), and the host must not resolve to a
 * loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10),
 * unspecified, multicast or CGNAT (100.64/10) address, unless configuration allows it. Checked when an endpoint is
 * saved and again before every send, because DNS answers change.
 */
public class TargetGuard {

    /** Resolves a host name; a seam for tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final boolean allowLoopback;
    private final boolean requireHttps;
    private final Resolver resolver;
    private final java.time.Duration cacheTtl;
    private final java.util.Map<String, Verdict> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private record Verdict(Optional<String> refusal, long expiresAtNanos) {
    }

    public TargetGuard(boolean allowPrivate, boolean allowLoopback, boolean requireHttps, Resolver resolver,
            java.time.Duration cacheTtl) {
        this.allowPrivate = allowPrivate;
        this.allowLoopback = allowLoopback;
        this.requireHttps = requireHttps;
        this.resolver = resolver;
        this.cacheTtl = cacheTtl;
    }

    /**
     * The send-time check: {@link #refusal} with the verdict for a URL cached for a few seconds, resolving off the
     * event loop when it is not cached.
     */
    public reactor.core.publisher.Mono<Optional<String>> check(String url) {
        Verdict cached = cache.get(url);
        if (cached != null && cached.expiresAtNanos() > System.nanoTime()) {
            return reactor.core.publisher.Mono.just(cached.refusal());
        }
        return reactor.core.publisher.Mono.fromCallable(() -> refusal(url))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .doOnNext(verdict -> {
                    if (cache.size() > 10_000) {
                        cache.clear();
                    }
                    cache.put(url, new Verdict(verdict, System.nanoTime() + cacheTtl.toNanos()));
                });
    }

    /** Why the URL may not be used, or empty when it may. Resolves DNS: call it off the event loop. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("only http and https URLs are allowed");
        }
        if (requireHttps && !scheme.equals("https")) {
            return Optional.of("https is required");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank() || uri.getUserInfo() != null) {
            return Optional.of("URL must name a host and carry no credentials");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("host does not resolve: " + host);
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = blocked(address);
            if (blocked.isPresent()) {
                return Optional.of("host " + host + " resolves to a " + blocked.get() + " address");
            }
        }
        return Optional.empty();
    }

    /** The kind of forbidden range an address falls in, or empty. */
    Optional<String> blocked(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback || allowPrivate ? Optional.empty() : Optional.of("loopback");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("CGNAT");
            }
            if (first == 255) {
                return Optional.of("broadcast");
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private");
            }
            if (isIpv4Mapped(b)) {
                try {
                    return blocked(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return Optional.of("invalid");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
