package io.tillsync.platforms.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a URL points: scheme, host as written and port. Only {@code http} and {@code https}, a host, no user info;
 * anything else is a {@link TargetNotAllowedException}. The host is taken from the authority when {@link URI} does
 * not recognise it as one (spellings such as {@code 0x7f.0.0.1} or {@code 127.1}), so such a URL is checked like
 * any other instead of slipping past as "no host".
 */
public record OutboundTarget(String scheme, String host, int port) {

    public static OutboundTarget of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TargetNotAllowedException("target refused: only http and https URLs", "scheme");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new TargetNotAllowedException("target refused: the URL names no host", "invalid-url");
        }
        if (uri.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
            throw new TargetNotAllowedException("target refused: the URL carries credentials", "credentials");
        }
        String host;
        String port = "";
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new TargetNotAllowedException("target refused: the URL names no host", "invalid-url");
            }
            host = authority.substring(0, end + 1);
            port = authority.substring(end + 1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon);
        }
        int number = scheme.equals("https") ? 443 : 80;
        if (!port.isEmpty() && !port.equals(":")) {
            try {
                number = Integer.parseInt(port.substring(1));
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (!port.startsWith(":") || number < 1 || number > 65535) {
                throw new TargetNotAllowedException("target refused: the URL's port is not valid", "invalid-url");
            }
        }
        if (host.isBlank()) {
            throw new TargetNotAllowedException("target refused: the URL names no host", "invalid-url");
        }
        return new OutboundTarget(scheme, host, number);
    }
}
