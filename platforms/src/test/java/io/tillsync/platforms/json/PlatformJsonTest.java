package io.tillsync.platforms.json;

import io.tillsync.platforms.Fixtures;
import io.tillsync.platforms.PlatformDataException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared reader: exact decimals and ids, the platforms' timestamp forms, bounded documents. */
class PlatformJsonTest {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void shouldKeepIdsAbove2To53AndDecimalsExact() {
        var node = PlatformJson.object(Fixtures.utf8("{\"id\":788032119674292922,\"price\":0.1}"), "body");

        assertThat(PlatformJson.text(node, "id")).isEqualTo("788032119674292922");
        assertThat(PlatformJson.decimal(node, "price")).isEqualTo(new BigDecimal("0.1000"));
    }

    @Test
    void shouldReadThePlatformsTimestampForms() {
        assertThat(PlatformJson.time("2025-04-22T14:30:00-05:00")).isEqualTo(Instant.parse("2025-04-22T19:30:00Z"));
        assertThat(PlatformJson.time("2025-04-22T19:30:00.187+0000")).isEqualTo(Instant.parse("2025-04-22T19:30:00.187Z"));
        assertThat(PlatformJson.time("2025-04-22T19:30:00")).isEqualTo(Instant.parse("2025-04-22T19:30:00Z"));
        assertThat(PlatformJson.time("1537970958000")).isEqualTo(Instant.ofEpochMilli(1537970958000L));
        assertThatThrownBy(() -> PlatformJson.time("yesterday")).isInstanceOf(PlatformDataException.class);
    }

    @Test
    void shouldRejectNumbersLongerThanTheReadConstraintQuickly() {
        byte[] body = Fixtures.utf8("{\"quantity\":" + "9".repeat(5_000) + "}");
        PlatformJson.object(Fixtures.utf8("{\"warm\":1}"), "warm-up"); // class loading is not what is measured
        long start = CPU.getCurrentThreadCpuTime(); // this thread's CPU time: the machine's load does not inflate it
        assertThatThrownBy(() -> PlatformJson.object(body, "Square webhook body"))
                .isInstanceOf(PlatformDataException.class).hasMessage("Square webhook body is not valid JSON");
        assertThat((CPU.getCurrentThreadCpuTime() - start) / 1_000_000).as("CPU ms (the unbounded parse takes ~11 s)").isLessThan(1_000);
    }

    @Test
    void shouldRejectWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> PlatformJson.object(Fixtures.utf8("[1]"), "body"))
                .isInstanceOf(PlatformDataException.class).hasMessage("body is not a JSON object");
    }
}
