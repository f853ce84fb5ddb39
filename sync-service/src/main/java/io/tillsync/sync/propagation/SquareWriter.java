package io.tillsync.sync.propagation;

import io.tillsync.platforms.Provider;
import io.tillsync.platforms.WriteResult;
import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.square.SquareClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Propagation to Square through {@link SquareClient}: products are upserted as ITEMs with their variations, deletes
 * delete the object, inventory is a physical count at the connection's {@code location_id} setting, availability
 * marks the variation sold out there. Every write carries the job's idempotency key.
 */
@Component
public class SquareWriter implements PlatformWriter {

    private final SquareClient square;

    public SquareWriter(OutboundHttp http, PropagationProperties properties,
            @Value("${tillsync.sync.propagation.square-version:2025-01-23}") String squareVersion,
            ObjectProvider<Clock> clock) {
        this.square = new SquareClient(http, squareVersion, properties.writeTimeout(),
                clock.getIfUnique(Clock::systemUTC));
    }

    @Override
    public String provider() {
        return Provider.SQUARE.id();
    }

    @Override
    public Mono<WriteResult> write(WriteTarget target, PlatformWrite write) {
        if (write instanceof PlatformWrite.UpsertProduct u) {
            return square.upsertItem(target.api(), u.idempotencyKey(), u.targetItemId(), u.link(), u.title(),
                    u.variants());
        }
        if (write instanceof PlatformWrite.DeleteProduct d) {
            return square.deleteObject(target.api(), d.targetItemId());
        }
        if (write instanceof PlatformWrite.SetInventory s) {
            String location = target.setting("location_id");
            if (location == null) {
                return Mono.error(new PlatformCallException("square connection has no location_id setting", false, 0));
            }
            return square.setCount(target.api(), s.idempotencyKey(), s.link().getOrDefault("variation_id",
                    s.targetItemId()), location, s.quantity(), s.targetItemId());
        }
        PlatformWrite.SetAvailability a = (PlatformWrite.SetAvailability) write;
        return square.setSoldOut(target.api(), a.idempotencyKey(), a.targetItemId(),
                a.link().getOrDefault("variation_id", a.targetItemId()), target.setting("location_id"), !a.available());
    }
}
