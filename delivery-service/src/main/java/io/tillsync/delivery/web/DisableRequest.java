package io.tillsync.delivery.web;

import jakarta.validation.constraints.Size;

/** Optional body of a manual disable: why. */
public record DisableRequest(@Size(max = 500) String reason) {
}
