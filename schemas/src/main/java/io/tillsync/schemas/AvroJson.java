package io.tillsync.schemas;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns an Avro record into plain JSON-ready values (maps, lists, strings, numbers) the way a subscriber expects
 * them: decimals as strings (no float rounding), timestamps as ISO-8601, enums as their symbol, unions as the branch
 * itself, bytes as base64.
 */
public final class AvroJson {

    private AvroJson() {
    }

    /** The record's fields as an ordered map. */
    public static Map<String, Object> toMap(IndexedRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof String) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof IndexedRecord r) {
            return toMap(r);
        }
        if (v instanceof GenericEnumSymbol<?> || v instanceof Enum<?>) {
            return v.toString();
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(k.toString(), value(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(value(e)));
            return out;
        }
        return v.toString();
    }
}
