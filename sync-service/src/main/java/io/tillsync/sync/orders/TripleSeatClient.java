package io.tillsync.sync.orders;

import java.time.ZoneId;
import reactor.core.publisher.Mono;

/** The TripleSeat API as order injection uses it. Fails with {@link PlatformCallException}. */
public interface TripleSeatClient {

    /** The event, or empty when TripleSeat does not know it (404). Dates are read in the venue's zone. */
    Mono<TripleSeatEvent> fetchEvent(PlatformAccount tripleseat, String eventId, ZoneId venueZone);
}
