package io.tillsync.delivery.web;

import java.util.List;

/** One page of a list; pass {@code nextCursor} as {@code cursor} for the next page, absent on the last one. */
public record Page<T>(List<T> data, String nextCursor) {
}
