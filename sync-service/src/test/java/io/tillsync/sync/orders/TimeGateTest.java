package io.tillsync.sync.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time gate is applied at the venue's date, and each venue's settings override the service defaults. */
class TimeGateTest {

    private static final OrderInjectionProperties DEFAULTS = new OrderInjectionProperties(48, 720, 200,
            Duration.ofMinutes(2), 50, "UTC", 0, 1, "Triple Seat_{event_id}", List.of("CANCELLED"), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    // 03:00 UTC on June 1st is still May 31st, 22:00, in Chicago.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T03:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldUseTheVenueDateNotTheServerDate() {
        TimeGate chicago = new TimeGate(ZoneId.of("America/Chicago"), 0, 1);

        assertThat(chicago.today(CLOCK)).isEqualTo(LocalDate.of(2025, 5, 31));
        assertThat(chicago.admits(LocalDate.of(2025, 5, 31), CLOCK)).isTrue();
        assertThat(chicago.admits(LocalDate.of(2025, 6, 1), CLOCK)).isTrue();
        assertThat(chicago.admits(LocalDate.of(2025, 6, 2), CLOCK)).isFalse();
        assertThat(chicago.admits(LocalDate.of(2025, 5, 30), CLOCK)).isFalse();
        assertThat(chicago.passed(LocalDate.of(2025, 5, 30), CLOCK)).isTrue();
        assertThat(new TimeGate(ZoneOffset.UTC, 0, 1).admits(LocalDate.of(2025, 5, 31), CLOCK)).isFalse();
    }

    @Test
    void shouldTakeTimezoneWindowAndLocalIdFormatFromConnectionSettings() throws Exception {
        OrderSettings settings = OrderSettings.of(new ObjectMapper().readTree("""
                {"timezone":"Europe/Berlin","order_days_behind":1,"order_days_ahead":3,
                 "revel_local_id_format":"TS-{event_id}","revel_connection_id":"con_r"}"""), DEFAULTS);

        assertThat(settings.timeGate()).isEqualTo(new TimeGate(ZoneId.of("Europe/Berlin"), 1, 3));
        assertThat(settings.localId("42")).isEqualTo("TS-42");
        assertThat(settings.revelConnectionId()).isEqualTo("con_r");
    }

    @Test
    void shouldFallBackToDefaultsForMissingOrInvalidSettings() throws Exception {
        OrderSettings settings = OrderSettings.of(new ObjectMapper().readTree("""
                {"timezone":"Mars/Olympus","revel_local_id_format":"no placeholder"}"""), DEFAULTS);

        assertThat(settings.timeGate()).isEqualTo(new TimeGate(ZoneId.of("UTC"), 0, 1));
        assertThat(settings.localId("42")).isEqualTo("Triple Seat_42");
        assertThat(settings.revelConnectionId()).isNull();
    }
}
