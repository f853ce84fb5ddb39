package io.tillsync.poller.clover;

import io.tillsync.avro.CatalogChange;
import java.util.List;

/**
 * One Clover item as a poll saw it: the changes to publish for it and what the poller remembers of it for ghost
 * cleanup.
 *
 * @param modifiedMs    Clover's modifiedTime, or null when the item carried none
 * @param deletedReason {@code deleted}, {@code hidden} or {@code ghost} when the item became a delete; null when live
 */
public record PolledItem(String itemId, Long modifiedMs, String deletedReason, List<CatalogChange> changes) {
}
