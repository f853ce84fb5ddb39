package io.tillsync.kit;

import io.tillsync.kit.security.SecretBox;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(new byte[32]);

    @Test
    void shouldDecryptWhatItEncryptedAndNeverStoreTheClearText() {
        String sealed = box.encrypt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(sealed).startsWith("v1:").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(box.decrypt(sealed)).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(box.encrypt("same")).isNotEqualTo(box.encrypt("same"));
    }

    @Test
    void shouldRefuseTamperedCiphertextAndAnotherKey() {
        String sealed = box.encrypt("secret");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> box.decrypt("v1:" + Base64.getEncoder().encodeToString(raw))).isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretBox(other).decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStillRefuseATamperedCopyOfAValueItHasAlreadyDecrypted() {
        String sealed = box.encrypt("secret");
        assertThat(box.decrypt(sealed)).isEqualTo("secret");
        assertThat(box.decrypt(sealed)).as("again, from memory").isEqualTo("secret");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> box.decrypt("v1:" + Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretBox(other).decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
