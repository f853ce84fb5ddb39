package io.tillsync.platforms.tripleseat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds JSON test bodies from key/value pairs (so HTML fixtures are escaped properly). */
final class PlatformJsonTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformJsonTestSupport() {
    }

    static String object(Object... keyValues) {
        return write(map(keyValues));
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            m.put((String) keyValues[i], v instanceof String s && s.startsWith("{") ? read(s) : v);
        }
        return m;
    }

    private static Object read(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
