package io.tillsync.delivery;

import io.tillsync.kit.web.ApiException;
import java.util.UUID;

/**
 * Public ids of the delivery model: a prefix ({@code ep_}, {@code msg_}, {@code atmpt_}) and the row's UUID as
 * 32 hex digits. Anything that does not parse answers 404 like an unknown id.
 */
public enum PublicId {
    ENDPOINT("ep_", "endpoint"),
    MESSAGE("msg_", "message"),
    ATTEMPT("atmpt_", "attempt");

    private final String prefix;
    private final String what;

    PublicId(String prefix, String what) {
        this.prefix = prefix;
        this.what = what;
    }

    public String of(UUID id) {
        return prefix + id.toString().replace("-", "");
    }

    public UUID parse(String publicId) {
        if (publicId == null || !publicId.startsWith(prefix) || publicId.length() != prefix.length() + 32) {
            throw ApiException.notFound(what);
        }
        String hex = publicId.substring(prefix.length());
        try {
            return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
        } catch (NumberFormatException e) {
            throw ApiException.notFound(what);
        }
    }
}
