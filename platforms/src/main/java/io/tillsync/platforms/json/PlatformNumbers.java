package io.tillsync.platforms.json;

import io.tillsync.platforms.PlatformDataException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Bounded decimal parsing for every number a platform sends (prices, costs, quantities), exact and never through
 * {@code double}. The bounds are checked on the text and on the parsed value before any arithmetic, so a hostile
 * value such as {@code "1e20000000"} (whose rescaling would build a twenty-million-digit number) fails at once:
 * <ul>
 *   <li>the text is at most {@link #MAX_TEXT_LENGTH} characters;</li>
 *   <li>an exponent ({@code e}/{@code E}) is at most {@link #MAX_EXPONENT} in absolute value;</li>
 *   <li>the value has at most {@link #MAX_PRECISION} significant digits and at most {@link #MAX_SCALE} decimals;</li>
 *   <li>the result fits the contracts' {@code decimal(19,4)}: at most {@link #MAX_INTEGER_DIGITS} integer digits.</li>
 * </ul>
 * Anything else is a {@link PlatformDataException} ("quantity out of range"). Results are at the contracts' scale 4,
 * rounded half-even.
 */
public final class PlatformNumbers {

    public static final int MAX_TEXT_LENGTH = 40;
    public static final int MAX_EXPONENT = 40;
    public static final int MAX_PRECISION = 38;
    public static final int MAX_SCALE = 12;
    /** decimal(19,4) of the Avro contracts: 15 digits before the point. */
    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int CONTRACT_SCALE = 4;

    private PlatformNumbers() {
    }

    /** The text as an exact decimal within the bounds, unscaled; null for null or blank text. */
    public static BigDecimal parse(String text, String field) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw outOfRange(field, "longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        checkExponent(trimmed, field);
        BigDecimal value;
        try {
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw new PlatformDataException(field + " is not a number: " + trimmed);
        }
        if (value.precision() > MAX_PRECISION) {
            throw outOfRange(field, "more than " + MAX_PRECISION + " digits");
        }
        if (value.scale() > MAX_SCALE) {
            throw outOfRange(field, "more than " + MAX_SCALE + " decimals");
        }
        return value;
    }

    /** A decimal ("29.99", "10", 6) at scale 4; null when absent. */
    public static BigDecimal decimal(String text, String field) {
        BigDecimal value = parse(text, field);
        return value == null ? null : contract(value, field);
    }

    /** An amount in minor units (cents) as the major unit at scale 4; assumes a two-decimal currency. */
    public static BigDecimal cents(String text, String field) {
        BigDecimal value = parse(text, field);
        return value == null ? null : contract(value.movePointLeft(2), field);
    }

    /** The value at scale 4 when its integer part fits the contracts; a bounded value, so rescaling is cheap. */
    public static BigDecimal contract(BigDecimal value, String field) {
        if (value.signum() != 0 && value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw outOfRange(field, "more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        return value.setScale(CONTRACT_SCALE, RoundingMode.HALF_EVEN);
    }

    private static void checkExponent(String text, String field) {
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e < 0) {
            return;
        }
        String exponent = text.substring(e + 1);
        int digits = exponent.startsWith("+") || exponent.startsWith("-") ? exponent.length() - 1 : exponent.length();
        if (digits < 1 || digits > 3) {
            throw outOfRange(field, "exponent outside ±" + MAX_EXPONENT);
        }
        int value;
        try {
            value = Integer.parseInt(exponent);
        } catch (NumberFormatException notNumber) {
            throw new PlatformDataException(field + " is not a number: " + text);
        }
        if (Math.abs(value) > MAX_EXPONENT) {
            throw outOfRange(field, "exponent outside ±" + MAX_EXPONENT);
        }
    }

    private static PlatformDataException outOfRange(String field, String rule) {
        return new PlatformDataException(field + " out of range: " + rule);
    }
}
