package io.tillsync.kit.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be used again in clear (webhook signing secrets, platform API tokens) with
 * AES-256-GCM under the deployment's key ({@code TILLSYNC_SECRET_KEY}, base64 of 32 bytes). Stored form:
 * {@code v1:<base64(iv || ciphertext+tag)>}. Secrets that only need comparing (API keys) are hashed instead.
 *
 * <p>The same few stored secrets are decrypted for every webhook, send, poll and propagation job, so the clear value of
 * each stored form is kept in memory once decrypted (up to {@value #REMEMBERED} of them, then forgotten all at once).
 * Every encryption has its own IV, so a rotated or re-entered secret is a new stored form and decrypted afresh.
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REMEMBERED = 10_000;

    private final SecretKeySpec key;
    private final Map<String, String> decrypted = new ConcurrentHashMap<>();

    public SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("TILLSYNC_SECRET_KEY must be base64 of exactly 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public static SecretBox fromBase64(String base64Key) {
        return new SecretBox(Base64.getDecoder().decode(base64Key.trim()));
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String clear = decrypted.get(stored);
        if (clear == null) {
            clear = open(stored);
            if (decrypted.size() >= REMEMBERED) {
                decrypted.clear();
            }
            decrypted.put(stored, clear);
        }
        return clear;
    }

    private String open(String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a SecretBox value");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret could not be decrypted: wrong TILLSYNC_SECRET_KEY?", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key hidden]";
    }
}
