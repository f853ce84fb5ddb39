package io.tillsync.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC, decoding and constant-time comparison shared by the providers' webhook checks. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /** One Mac per thread (looking the algorithm up costs more than the HMAC of a small body); keyed per call. */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Valid if the presented MAC equals the one computed with any of the connection's current secrets (rotation),
     * invalid otherwise. Every secret is tried, so the time taken does not say which one matched.
     */
    public static Verification anyMatches(java.util.List<String> secrets, java.util.function.Function<String, byte[]> macWith,
            byte[] presented, String provider) {
        if (presented == null) {
            return Verification.invalid(provider + " signature is not well-formed");
        }
        boolean ok = false;
        for (String secret : secrets) {
            ok |= same(macWith.apply(secret), presented);
        }
        return ok ? Verification.valid() : Verification.invalid(provider + " signature does not match");
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison of two MACs (time depends only on {@code expected}'s length). */
    public static boolean same(byte[] expected, byte[] presented) {
        return presented != null && MessageDigest.isEqual(expected, presented);
    }

    /** Constant-time comparison of two strings of possibly different lengths (compares their SHA-256 digests). */
    public static boolean sameText(String expected, String presented) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(utf8(expected));
            byte[] b = sha.digest(utf8(presented));
            return MessageDigest.isEqual(a, b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static byte[] hex(String s) {
        try {
            return HexFormat.of().parseHex(s.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The field as text, or null when absent, null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    public static String required(JsonNode node, String field, String provider) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            throw new PlatformDataException(provider + " webhook body has no \"" + field + "\"");
        }
        return v;
    }
}
