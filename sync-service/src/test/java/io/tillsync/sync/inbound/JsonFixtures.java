package io.tillsync.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** JSON documents for fake provider APIs, parsed the way the real clients parse them. */
record JsonFixtures(String... documents) {

    List<JsonNode> nodes() {
        return Arrays.stream(documents).map(d -> CatalogChanges.parseAny(d.getBytes(StandardCharsets.UTF_8))).toList();
    }

    JsonNode first() {
        return nodes().get(0);
    }
}
