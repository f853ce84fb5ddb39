package io.tillsync.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent receiver-side implementation of the Standard Webhooks verification, written from the
 * specification (not from {@link WebhookSigner}): signed content {@code id.timestamp.body}, HMAC-SHA256 under the
 * base64-decoded part of {@code whsec_...}, any {@code v1,} entry of the space-separated header may match,
 * compared in constant time, timestamp within a tolerance.
 */
final class StandardWebhooksVerifier {

    private final byte[] key;

    StandardWebhooksVerifier(String secret) {
        this.key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
    }

    boolean verify(String id, String timestamp, String signatureHeader, String body, long nowEpochSeconds) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        if (Math.abs(nowEpochSeconds - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String entry : signatureHeader.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }
}
