package io.tillsync.sync.propagation;

import java.util.Map;

/** The same item on a target connection: its id there and the target-side ids writers remembered. */
public record ItemLink(String externalId, Map<String, String> attributes) {
}
