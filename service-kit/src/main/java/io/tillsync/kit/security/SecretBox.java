package io.tillsync.kit.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be used again in clear (webhook signing secrets, platform API tokens) with
 * AES-256-GCM. Stored form: {@code v2:<key id>:<base64(iv || ciphertext+tag)>}, where the key id names the key
 * (the first 8 hex digits of the key's SHA-256) and the associated data binds the value to the table, row and field it
 * was written for ({@link SecretField#of}): a stored value copied to another row, tenant or column no longer decrypts.
 * Secrets that only need comparing (API keys) are hashed instead.
 *
 * <p>One key is active (new values); further keys only decrypt, so keys can be rotated: deploy the new key as active
 * with the old one as decrypt-only, re-encrypt ({@link SecretReencryption}), then drop the old key. Values of the
 * first format ({@code v1:<base64>}, no key id, no associated data) still decrypt under any configured key until
 * re-encryption rewrites them.
 *
 * <p>The same few stored secrets are decrypted for every webhook, send, poll and propagation job, so the clear value of
 * each (stored form, binding) pair is kept in memory once decrypted (up to {@value #REMEMBERED}, then forgotten all
 * at once). Every encryption has its own IV, so a rotated or re-entered secret is a new stored form.
 */
public final class SecretBox {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REMEMBERED = 10_000;

    private final String activeId;
    private final Map<String, SecretKeySpec> keys;
    private final Map<String, String> decrypted = new ConcurrentHashMap<>();

    /** {@code active} encrypts and decrypts; {@code decryptOnly} keys only decrypt (values written before a rotation). */
    public SecretBox(byte[] active, List<byte[]> decryptOnly) {
        Map<String, SecretKeySpec> all = new LinkedHashMap<>();
        activeId = keyId(check(active));
        all.put(activeId, new SecretKeySpec(active.clone(), "AES"));
        for (byte[] key : decryptOnly) {
            all.putIfAbsent(keyId(check(key)), new SecretKeySpec(key.clone(), "AES"));
        }
        keys = Map.copyOf(all);
    }

    public SecretBox(byte[] key) {
        this(key, List.of());
    }

    public static SecretBox fromBase64(String base64Key) {
        return new SecretBox(decode(base64Key));
    }

    /** The active key (base64) and comma-separated decrypt-only keys (base64; blank for none). */
    public static SecretBox fromBase64(String activeKey, String decryptOnlyKeys) {
        List<byte[]> older = new ArrayList<>();
        if (decryptOnlyKeys != null) {
            for (String key : decryptOnlyKeys.split(",")) {
                if (!key.isBlank()) {
                    older.add(decode(key));
                }
            }
        }
        return new SecretBox(decode(activeKey), older);
    }

    /** The id stored with every value the active key encrypts. */
    public String activeKeyId() {
        return activeId;
    }

    /** Key id of a key given as base64 (what {@code v2:} values carry), e.g. to check a configuration. */
    public static String keyIdOf(String base64Key) {
        return keyId(decode(base64Key));
    }

    public String encrypt(String plaintext, SecretField.At at) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(128, iv));
            cipher.updateAAD(at.associatedData());
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return V2 + activeId + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored, SecretField.At at) {
        if (stored == null) {
            return null;
        }
        String cacheKey = at + "\n" + stored;
        String clear = decrypted.get(cacheKey);
        if (clear == null) {
            clear = open(stored, at);
            if (decrypted.size() >= REMEMBERED) {
                decrypted.clear();
            }
            decrypted.put(cacheKey, clear);
        }
        return clear;
    }

    /** True when {@code stored} is in the current format under the active key (re-encryption leaves it alone). */
    public boolean isCurrent(String stored) {
        return stored != null && stored.startsWith(V2 + activeId + ":");
    }

    /** {@code stored} decrypted and encrypted again under the active key, bound to {@code at}. */
    public String reencrypt(String stored, SecretField.At at) {
        return encrypt(open(stored, at), at);
    }

    private String open(String stored, SecretField.At at) {
        if (stored.startsWith(V2)) {
            int colon = stored.indexOf(':', V2.length());
            SecretKeySpec key = colon < 0 ? null : keys.get(stored.substring(V2.length(), colon));
            if (key == null) {
                throw new IllegalStateException("secret was encrypted under key id "
                        + (colon < 0 ? "?" : stored.substring(V2.length(), colon)) + ", which is not configured "
                        + "(TILLSYNC_SECRET_KEY, TILLSYNC_SECRET_KEYS_DECRYPT_ONLY)");
            }
            try {
                return open(key, Base64.getDecoder().decode(stored.substring(colon + 1)), at.associatedData());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("secret could not be decrypted for " + at + " (tampered, or moved "
                        + "from another row or field)", e);
            }
        }
        if (stored.startsWith(V1)) {
            byte[] all = Base64.getDecoder().decode(stored.substring(V1.length()));
            for (SecretKeySpec key : keys.values()) {
                try {
                    return open(key, all, null);
                } catch (GeneralSecurityException e) {
                    // the next configured key may be the one it was written under
                }
            }
            throw new IllegalStateException("secret could not be decrypted under any configured key: wrong "
                    + "TILLSYNC_SECRET_KEY?");
        }
        throw new IllegalArgumentException("not a SecretBox value");
    }

    private static String open(SecretKeySpec key, byte[] all, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private static byte[] check(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("TILLSYNC_SECRET_KEY must be base64 of exactly 32 bytes");
        }
        return key;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TILLSYNC_SECRET_KEY must be base64 of exactly 32 bytes");
        }
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[active key " + activeId + ", " + keys.size() + " key(s)]";
    }
}
