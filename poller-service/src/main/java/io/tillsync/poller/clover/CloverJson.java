package io.tillsync.poller.clover;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Reads Clover's JSON with decimals as BigDecimal (never through double), as sync-service's parsers do. */
final class CloverJson {

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CloverJson() {
    }

    static JsonNode read(byte[] body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CloverApiException(what + " answered something other than a JSON object", 200, null);
            }
            return node;
        } catch (IOException e) {
            throw new CloverApiException(what + " answered a body that is not JSON", 200, e);
        }
    }
}
