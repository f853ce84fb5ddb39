package io.tillsync.platforms.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tillsync.platforms.PlatformDataException;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bounded decimals: exact within the bounds, a quick permanent failure outside them. */
class PlatformNumbersTest {

    @Test
    void shouldReadDecimalsExactlyAtTheContractScale() {
        assertThat(PlatformNumbers.decimal("29.99", "price")).isEqualTo(new BigDecimal("29.9900"));
        assertThat(PlatformNumbers.decimal(" 10 ", "quantity")).isEqualTo(new BigDecimal("10.0000"));
        assertThat(PlatformNumbers.decimal("1.5e2", "quantity")).isEqualTo(new BigDecimal("150.0000"));
        assertThat(PlatformNumbers.decimal("0.00005", "quantity")).isEqualTo(new BigDecimal("0.0000"));
        assertThat(PlatformNumbers.decimal("-3", "quantity")).isEqualTo(new BigDecimal("-3.0000"));
        assertThat(PlatformNumbers.cents("12345678901", "cost")).isEqualTo(new BigDecimal("123456789.0100"));
        assertThat(PlatformNumbers.decimal("999999999999999.9999", "quantity"))
                .isEqualTo(new BigDecimal("999999999999999.9999"));
        assertThat(PlatformNumbers.decimal(null, "quantity")).isNull();
        assertThat(PlatformNumbers.decimal("  ", "quantity")).isNull();
    }

    /**
     * The rejection is decided on the text, before any {@code BigDecimal} is built (the message names the rule that
     * refused it); the time limit only guards against the seconds of CPU that {@code setScale} on such a value costs.
     */
    @Test
    void shouldRejectAHugeExponentOnItsTextWithoutArithmetic() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThatThrownBy(() -> PlatformNumbers.decimal("1e20000000", "quantity"))
                    .isInstanceOf(PlatformDataException.class)
                    .hasMessage("quantity out of range: exponent outside ±40");
            assertThatThrownBy(() -> PlatformNumbers.decimal("1E-20000000", "quantity"))
                    .isInstanceOf(PlatformDataException.class).hasMessageContaining("exponent");
        });
    }

    @Test
    void shouldRejectATwentyMillionDigitNumberOnItsLength() {
        String huge = "9".repeat(20_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(
                () -> PlatformNumbers.decimal(huge, "quantity"))
                .isInstanceOf(PlatformDataException.class).hasMessageContaining("quantity out of range")
                .hasMessageContaining("longer than 40 characters"));
    }

    @Test
    void shouldRejectValuesOutsideTheBounds() {
        assertThatThrownBy(() -> PlatformNumbers.decimal("1e41", "quantity")).hasMessageContaining("exponent");
        assertThatThrownBy(() -> PlatformNumbers.decimal("1e+0041", "quantity")).hasMessageContaining("exponent");
        assertThatThrownBy(() -> PlatformNumbers.decimal("0.1234567890123", "price")).hasMessageContaining("decimals");
        assertThatThrownBy(() -> PlatformNumbers.decimal("1e16", "quantity")).hasMessageContaining("integer digits");
        assertThatThrownBy(() -> PlatformNumbers.decimal("1234567890123456", "quantity"))
                .hasMessageContaining("integer digits");
        assertThatThrownBy(() -> PlatformNumbers.decimal("12abc", "quantity")).isInstanceOf(PlatformDataException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PlatformNumbers.decimal("1e", "quantity")).isInstanceOf(PlatformDataException.class);
    }
}
