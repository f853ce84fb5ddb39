package io.tillsync.delivery.web;

import io.tillsync.kit.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for an endpoint's own request headers: at most 20, names are HTTP tokens (stored lower-case), values have
 * no control characters and at most 4096 characters. Refused: {@code webhook-*} (the signature headers are ours),
 * hop-by-hop headers (RFC 9110 §7.6.1: Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) and
 * the headers that frame the request ({@code host}, {@code content-length}, {@code content-type}).
 */
final class EndpointHeaders {

    static final int MAX_HEADERS = 20;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Set<String> RESERVED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "content-type");

    private EndpointHeaders() {
    }

    static Map<String, String> validate(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        if (headers.size() > MAX_HEADERS) {
            throw ApiException.badRequest("invalid_headers", "at most " + MAX_HEADERS + " headers");
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw ApiException.badRequest("invalid_headers", "a header name must be an HTTP token");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("webhook-") || RESERVED.contains(lower)) {
                throw ApiException.badRequest("reserved_header", "header " + lower
                        + " cannot be set: webhook-*, hop-by-hop and framing headers are reserved");
            }
            if (value == null || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw ApiException.badRequest("invalid_headers", "header " + lower
                        + ": the value must be at most 4096 characters without control characters");
            }
            if (out.put(lower, value) != null) {
                throw ApiException.badRequest("invalid_headers", "header " + lower + " is given twice");
            }
        });
        return Map.copyOf(out);
    }
}
