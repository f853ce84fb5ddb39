package io.tillsync.delivery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of a list; pass {@code nextCursor} as {@code cursor} for the next page, absent on the last one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> data, String nextCursor) {
}
