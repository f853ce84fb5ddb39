package io.tillsync.platforms.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillsync.platforms.PlatformDataException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The one reader of platform JSON (webhook bodies and API answers) and the field helpers every mapper uses.
 * Decimals are read as {@link BigDecimal} (never through double); Jackson's read constraints bound what a hostile
 * document can cost: numbers of at most {@link #MAX_NUMBER_LENGTH} characters, strings of at most
 * {@link #MAX_STRING_LENGTH}, nesting of at most {@link #MAX_NESTING_DEPTH}. Numbers a mapper uses go through
 * {@link PlatformNumbers}' bounds as well. Ids larger than 2^53 are read as exact text.
 */
public final class PlatformJson {

    public static final int MAX_NUMBER_LENGTH = 100;
    public static final int MAX_STRING_LENGTH = 1_000_000;
    public static final int MAX_NESTING_DEPTH = 200;

    /** The mapper: exact decimals, bounded reads. Also fine for building request bodies. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private PlatformJson() {
    }

    /** A JSON object, or a {@link PlatformDataException} naming {@code what} it should have been. */
    public static ObjectNode object(byte[] body, String what) {
        JsonNode node = any(body, what);
        if (node == null || !node.isObject()) {
            throw new PlatformDataException(what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Any JSON document; null for an empty body. */
    public static JsonNode any(byte[] body, String what) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new PlatformDataException(what + " is not valid JSON");
        }
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** The field as text (numbers keep every digit), or null when missing, JSON null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** The field as text, or a {@link PlatformDataException} naming what was expected. */
    public static String required(JsonNode node, String field, String what) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            throw new PlatformDataException(what + " has no " + field);
        }
        return v;
    }

    /** A decimal field ("29.99", "10" or a JSON number) at the contracts' scale 4, bounded; null when absent. */
    public static BigDecimal decimal(JsonNode node, String field) {
        return PlatformNumbers.decimal(text(node, field), field);
    }

    /** An amount in minor units (cents) as the major unit at scale 4, bounded; null when absent. */
    public static BigDecimal cents(JsonNode node, String field) {
        return PlatformNumbers.cents(text(node, field), field);
    }

    /**
     * A timestamp as platforms send them: ISO-8601 with {@code Z}, {@code -05:00} or {@code +0000} offsets (no
     * offset means UTC), or epoch milliseconds. Null when absent.
     */
    public static Instant time(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        return time(v.asText());
    }

    public static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            TemporalAccessor parsed = TIMESTAMP.parse(trimmed);
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
            return local.toInstant(offset);
        } catch (DateTimeParseException e) {
            if (trimmed.length() <= 19 && trimmed.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(trimmed));
            }
            throw new PlatformDataException("unreadable timestamp: "
                    + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed));
        }
    }

    /** Epoch milliseconds (a JSON number or digits); null when absent or unreadable. */
    public static Instant epochMillis(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        String text = v.asText();
        if (!text.isEmpty() && text.length() <= 19 && text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return null;
    }
}
