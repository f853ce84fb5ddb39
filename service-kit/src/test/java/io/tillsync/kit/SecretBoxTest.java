package io.tillsync.kit;

import io.tillsync.kit.security.SecretBox;
import io.tillsync.kit.security.SecretField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final SecretField.At HERE = SecretField.CONNECTION_WEBHOOK_SECRET.at("con_1");
    private final SecretBox box = new SecretBox(new byte[32]);

    @Test
    void shouldDecryptWhatItEncryptedAndNeverStoreTheClearText() {
        String sealed = box.encrypt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", HERE);
        assertThat(sealed).startsWith("v2:" + box.activeKeyId() + ":").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(box.decrypt(sealed, HERE)).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(box.encrypt("same", HERE)).isNotEqualTo(box.encrypt("same", HERE));
    }

    @Test
    void shouldRefuseAValueMovedToAnotherRowOrField() {
        String sealed = box.encrypt("secret", HERE);
        assertThat(box.decrypt(sealed, HERE)).isEqualTo("secret");
        assertThatThrownBy(() -> box.decrypt(sealed, SecretField.CONNECTION_WEBHOOK_SECRET.at("con_2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("moved");
        assertThatThrownBy(() -> box.decrypt(sealed, SecretField.CONNECTION_API_TOKEN.at("con_1")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.decrypt(sealed, SecretField.ENDPOINT_SECRET.at("con_1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseTamperedCiphertextAndAnotherKeyEvenAfterDecryptingTheOriginal() {
        String sealed = box.encrypt("secret", HERE);
        assertThat(box.decrypt(sealed, HERE)).isEqualTo("secret");
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] raw = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> box.decrypt(prefix + Base64.getEncoder().encodeToString(raw), HERE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(key(1)).decrypt(sealed, HERE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }

    @Test
    void shouldDecryptUnderADecryptOnlyKeyAndReencryptUnderTheActiveOne() {
        SecretBox old = new SecretBox(key(1));
        String before = old.encrypt("token", HERE);
        SecretBox rotated = new SecretBox(key(2), List.of(key(1)));
        assertThat(rotated.isCurrent(before)).isFalse();
        assertThat(rotated.decrypt(before, HERE)).isEqualTo("token");
        String after = rotated.reencrypt(before, HERE);
        assertThat(rotated.isCurrent(after)).isTrue();
        assertThat(after).startsWith("v2:" + rotated.activeKeyId() + ":");
        assertThat(new SecretBox(key(2)).decrypt(after, HERE)).as("the old key is no longer needed").isEqualTo("token");
    }

    @Test
    void shouldStillDecryptTheFirstFormatWithoutKeyIdOrBinding() throws Exception {
        String legacy = legacyV1(key(1), "whsec_old");
        SecretBox box = new SecretBox(key(2), List.of(key(1)));
        assertThat(box.decrypt(legacy, HERE)).isEqualTo("whsec_old");
        assertThat(box.isCurrent(legacy)).isFalse();
        assertThat(box.decrypt(box.reencrypt(legacy, HERE), HERE)).isEqualTo("whsec_old");
    }

    @Test
    void shouldRejectKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] key(int first) {
        byte[] key = new byte[32];
        key[0] = (byte) first;
        return key;
    }

    /** The first stored format: v1:base64(iv || ciphertext+tag), no associated data. */
    static String legacyV1(byte[] key, String clear) throws Exception {
        byte[] iv = new byte[12];
        iv[0] = 7;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    }
}
