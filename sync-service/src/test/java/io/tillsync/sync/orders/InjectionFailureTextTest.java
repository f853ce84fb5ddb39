package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.TargetNotAllowedException;
import org.junit.jupiter.api.Test;

/** What a failed outcome (and /api/sync/tripleseat) says about a failed call: the call and a status, nothing else. */
class InjectionFailureTextTest {

    @Test
    void shouldNameOnlyTheCallWhenNoPlatformAnswered() {
        assertThat(TripleSeatOrderInjector.failure("TripleSeat event fetch",
                new TargetNotAllowedException("TripleSeat event fetch refused: the host is a loopback address", "loopback")))
                .isEqualTo("TripleSeat event fetch failed");
        assertThat(TripleSeatOrderInjector.failure("TripleSeat event fetch",
                new PlatformCallException("TripleSeat event fetch failed: connection error", true, 0)))
                .isEqualTo("TripleSeat event fetch failed");
        assertThat(TripleSeatOrderInjector.failure("TripleSeat event fetch",
                new PlatformCallException("TripleSeat event fetch failed: host does not resolve", false, 0)))
                .isEqualTo("TripleSeat event fetch failed");
    }

    @Test
    void shouldAddTheStatusWhenThePlatformAnswered() {
        assertThat(TripleSeatOrderInjector.failure("Revel order injection",
                PlatformCallException.forStatus("Revel order lookup", 503, null)))
                .isEqualTo("Revel order injection answered 503");
        assertThat(TripleSeatOrderInjector.failure("TripleSeat event fetch",
                new PlatformCallException("TripleSeat event fetch answer unreadable: TripleSeat event without id", false, 200)))
                .isEqualTo("TripleSeat event fetch answer unreadable");
    }
}
