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
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The time gate is applied at the venue's date, and each venue's settings override the service defaults. */
class TimeGateTest {

    /** The service defaults exactly as Spring binds them when nothing is configured. */
    private static final OrderInjectionProperties DEFAULTS = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("tillsync.orders.tripleseat", OrderInjectionProperties.class);
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

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

        assertThat(settings.timeGate()).isEqualTo(new TimeGate(LA, 0, 1));
        assertThat(settings.localId("42")).isEqualTo("Triple Seat_42");
        assertThat(settings.revelConnectionId()).isNull();
    }

    @Test
    void shouldDefaultToPacificTimeForVenuesWithoutATimezone() throws Exception {
        assertThat(DEFAULTS.timezone()).isEqualTo("America/Los_Angeles");
        assertThat(OrderSettings.of(new ObjectMapper().readTree("{}"), DEFAULTS).timeGate().zone()).isEqualTo(LA);
        // 06:30 UTC on June 14th is 23:30 on June 13th in San Francisco: a June 13th event is still today's.
        Clock lateEvening = Clock.fixed(Instant.parse("2025-06-14T06:30:00Z"), ZoneOffset.UTC);
        TimeGate gate = OrderSettings.of(null, DEFAULTS).timeGate();
        assertThat(gate.admits(LocalDate.of(2025, 6, 13), lateEvening)).isTrue();
        assertThat(gate.admits(LocalDate.of(2025, 6, 15), lateEvening)).isFalse();
    }

    @Test
    void shouldMoveToTheNextDayAtLocalMidnightAcrossTheSpringForwardNight() {
        TimeGate gate = new TimeGate(LA, 0, 0);
        // 2025-03-09: clocks jump from 02:00 PST to 03:00 PDT (10:00 UTC). Midnight before it is 08:00 UTC (PST).
        Clock beforeMidnight = Clock.fixed(Instant.parse("2025-03-09T07:59:59Z"), ZoneOffset.UTC);
        Clock afterMidnight = Clock.fixed(Instant.parse("2025-03-09T08:00:00Z"), ZoneOffset.UTC);
        Clock afterJump = Clock.fixed(Instant.parse("2025-03-09T10:00:00Z"), ZoneOffset.UTC);
        // The next midnight is 07:00 UTC (PDT): the day had 23 hours.
        Clock nextBefore = Clock.fixed(Instant.parse("2025-03-10T06:59:59Z"), ZoneOffset.UTC);
        Clock nextAfter = Clock.fixed(Instant.parse("2025-03-10T07:00:00Z"), ZoneOffset.UTC);

        assertThat(gate.today(beforeMidnight)).isEqualTo(LocalDate.of(2025, 3, 8));
        assertThat(gate.today(afterMidnight)).isEqualTo(LocalDate.of(2025, 3, 9));
        assertThat(gate.today(afterJump)).isEqualTo(LocalDate.of(2025, 3, 9));
        assertThat(gate.today(nextBefore)).isEqualTo(LocalDate.of(2025, 3, 9));
        assertThat(gate.today(nextAfter)).isEqualTo(LocalDate.of(2025, 3, 10));
    }

    @Test
    void shouldKeepTheSameDayThroughTheRepeatedHourOfTheFallBackNight() {
        TimeGate gate = new TimeGate(LA, 0, 0);
        // 2025-11-02: 01:00-02:00 happens twice (PDT, then PST). Midnight was 07:00 UTC, the next is 08:00 UTC next day.
        Clock firstOneThirty = Clock.fixed(Instant.parse("2025-11-02T08:30:00Z"), ZoneOffset.UTC);
        Clock secondOneThirty = Clock.fixed(Instant.parse("2025-11-02T09:30:00Z"), ZoneOffset.UTC);
        Clock lastSecond = Clock.fixed(Instant.parse("2025-11-03T07:59:59Z"), ZoneOffset.UTC);
        Clock nextMidnight = Clock.fixed(Instant.parse("2025-11-03T08:00:00Z"), ZoneOffset.UTC);

        assertThat(gate.today(Clock.fixed(Instant.parse("2025-11-02T06:59:59Z"), ZoneOffset.UTC)))
                .isEqualTo(LocalDate.of(2025, 11, 1));
        assertThat(gate.today(firstOneThirty)).isEqualTo(LocalDate.of(2025, 11, 2));
        assertThat(gate.today(secondOneThirty)).isEqualTo(LocalDate.of(2025, 11, 2));
        assertThat(gate.admits(LocalDate.of(2025, 11, 2), lastSecond)).isTrue(); // 23:59:59 PST: the 25-hour day
        assertThat(gate.admits(LocalDate.of(2025, 11, 2), nextMidnight)).isFalse();
        assertThat(gate.passed(LocalDate.of(2025, 11, 2), nextMidnight)).isTrue();
    }
}
