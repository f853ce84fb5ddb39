package io.tillsync.schemas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Generates the JSON Schema (draft 2020-12) of an Avro schema as {@link AvroJson} renders its records, so the schema a
 * subscriber reads is derived from the contract and never written by hand: decimals are strings of digits,
 * timestamps ISO-8601 {@code date-time} strings, enums their symbols, {@code ["null", X]} unions X or null, bytes
 * base64, maps objects. Field docs become descriptions; fields whose type admits null are not required.
 */
public final class AvroJsonSchema {

    /** The text a decimal renders as: optional sign, digits, optional fraction, no exponent. */
    public static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";

    private AvroJsonSchema() {
    }

    /** The JSON Schema of one Avro schema, as ordered maps and lists ready for a JSON writer. */
    public static Map<String, Object> of(Schema schema) {
        return schema(schema);
    }

    private static Map<String, Object> schema(Schema s) {
        Map<String, Object> out = new LinkedHashMap<>();
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case RECORD -> {
                out.put("title", s.getName());
                if (s.getDoc() != null) {
                    out.put("description", s.getDoc());
                }
                out.put("type", "object");
                Map<String, Object> properties = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (Schema.Field field : s.getFields()) {
                    Map<String, Object> property = new LinkedHashMap<>(schema(field.schema()));
                    if (field.doc() != null) {
                        property.put("description", field.doc());
                    }
                    properties.put(field.name(), property);
                    if (!nullable(field.schema())) {
                        required.add(field.name());
                    }
                }
                out.put("properties", properties);
                out.put("required", required);
            }
            case UNION -> {
                List<Object> branches = new ArrayList<>();
                for (Schema branch : s.getTypes()) {
                    branches.add(schema(branch));
                }
                out.put("anyOf", branches);
            }
            case ARRAY -> {
                out.put("type", "array");
                out.put("items", schema(s.getElementType()));
            }
            case MAP -> {
                out.put("type", "object");
                out.put("additionalProperties", schema(s.getValueType()));
            }
            case ENUM -> {
                out.put("type", "string");
                out.put("enum", List.copyOf(s.getEnumSymbols()));
            }
            case STRING -> out.put("type", "string");
            case BOOLEAN -> out.put("type", "boolean");
            case INT -> out.put("type", "integer");
            case LONG -> {
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
                    out.put("type", "string");
                    out.put("format", "date-time");
                } else {
                    out.put("type", "integer");
                }
            }
            case FLOAT, DOUBLE -> out.put("type", "number");
            case BYTES, FIXED -> {
                out.put("type", "string");
                if (logical instanceof LogicalTypes.Decimal) {
                    out.put("pattern", DECIMAL_PATTERN);
                } else {
                    out.put("contentEncoding", "base64");
                }
            }
            case NULL -> out.put("type", "null");
        }
        return out;
    }

    private static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.NULL
                || (s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL));
    }
}
