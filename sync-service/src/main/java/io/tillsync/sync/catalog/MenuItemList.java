package io.tillsync.sync.catalog;

import java.util.List;

/** The availability API's answer: a tenant's menu items, optionally filtered by availability. */
public record MenuItemList(String tenant, Boolean available, int count, List<MenuItem> items) {
}
