package io.tillsync.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Each platform's signing, written from docs/providers.md (what the platform does), not from intake's adapters. */
final class Signers {

    private Signers() {
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Shopify: base64 HMAC-SHA256 of the body with the app secret. */
    static String shopify(String secret, String body) {
        return Base64.getEncoder().encodeToString(hmac(utf8(secret), utf8(body)));
    }

    /** Square: base64 HMAC-SHA256 of notification URL + body with the signature key. */
    static String square(String key, String notificationUrl, String body) {
        return Base64.getEncoder().encodeToString(hmac(utf8(key), utf8(notificationUrl), utf8(body)));
    }

    /** Toast: base64 HMAC-SHA256 of body + Toast-Timestamp. */
    static String toast(String secret, String body, String timestamp) {
        return Base64.getEncoder().encodeToString(hmac(utf8(secret), utf8(body), utf8(timestamp)));
    }

    /** TripleSeat: hex HMAC-SHA256 of the body. */
    static String tripleseat(String secret, String body) {
        return HexFormat.of().formatHex(hmac(utf8(secret), utf8(body)));
    }

    /** Standard Webhooks: v1,base64 HMAC-SHA256 of id.timestamp.body keyed with the base64 part of whsec_. */
    static String standard(String whsec, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(whsec.startsWith("whsec_") ? whsec.substring(6) : whsec);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, utf8(id + "." + timestamp + "." + body)));
    }
}
