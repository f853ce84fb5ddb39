package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;

/**
 * Building blocks shared by the provider parsers: the normalized {@link CatalogChange} envelope with its
 * deterministic change id, and lenient readers for the JSON the platforms send (decimals without float rounding,
 * ids larger than 2^53 as exact text, timestamps in the offsets each platform uses).
 */
public final class CatalogChanges {

    /** Parses provider JSON with decimals as BigDecimal, so prices never pass through double. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private CatalogChanges() {
    }

    /**
     * The normalized record for one item. {@code discriminator} tells apart several changes one event makes to the
     * same item (e.g. "upsert", "availability"); the change id is a name-based UUID of the event key, item and
     * discriminator, so a reprocessed webhook produces the same ids and downstream deduplicates.
     */
    public static CatalogChange of(InboundEvent event, String itemId, Instant sourceTime, String discriminator,
            Object change) {
        String changeId = UUID.nameUUIDFromBytes((event.eventKey() + "|" + itemId + "|" + discriminator)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return CatalogChange.newBuilder().setChangeId(changeId).setTenant(event.tenant())
                .setConnectionId(event.webhook().getConnectionId()).setProvider(event.webhook().getProvider())
                .setItemId(itemId).setSourceTime(sourceTime).setOrigin(ChangeOrigin.WEBHOOK)
                .setSourceEventId(event.webhook().getExternalEventId())
                .setCorrelationId(event.webhook().getCorrelationId()).setChange(change).build();
    }

    public static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new UnprocessableEventException("body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UnprocessableEventException("body is not valid JSON");
        }
    }

    /** Any JSON document (provider API answers), decimals exact. */
    public static JsonNode parseAny(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderApiException("provider answered a body that is not JSON", false, e);
        }
    }

    /** The field as text (numbers keep every digit), or null when missing or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** The field as text, or a permanent failure naming what was expected. */
    public static String required(JsonNode node, String field, String what) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            throw new UnprocessableEventException(what + " has no " + field);
        }
        return v;
    }

    /** A decimal from a JSON string ("29.99", "10") or number, at the contracts' scale 4; null when absent. */
    public static BigDecimal decimal(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim()).setScale(4, RoundingMode.HALF_EVEN);
        } catch (NumberFormatException e) {
            throw new UnprocessableEventException(field + " is not a number: " + v);
        }
    }

    /** An amount in minor units (cents) as a decimal of the major unit; assumes a two-decimal currency. */
    public static BigDecimal cents(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim()).movePointLeft(2).setScale(4, RoundingMode.HALF_EVEN);
        } catch (NumberFormatException e) {
            throw new UnprocessableEventException(field + " is not an amount: " + v);
        }
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
        try {
            TemporalAccessor parsed = TIMESTAMP.parse(text.trim());
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
            return local.toInstant(offset);
        } catch (DateTimeParseException e) {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            throw new UnprocessableEventException("unreadable timestamp: " + text);
        }
    }

    /** The first non-null instant. */
    public static Instant firstOf(Instant... candidates) {
        for (Instant i : candidates) {
            if (i != null) {
                return i;
            }
        }
        throw new IllegalArgumentException("no timestamp");
    }
}
