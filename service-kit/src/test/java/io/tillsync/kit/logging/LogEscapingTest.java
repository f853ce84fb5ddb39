package io.tillsync.kit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogEscapingTest {

    private static final String FORGED = "abc\r\n2026-12-02T10:00:00.000Z  INFO --- forged\u0000\u001b[31m\u2028end";

    @Test
    void shouldEscapeControlCharactersAsData() {
        assertThat(LogText.escape(FORGED))
                .isEqualTo("abc\\r\\n2026-12-02T10:00:00.000Z  INFO --- forged\\u0000\\u001b[31m\\u2028end");
        assertThat(LogText.escape("plain text, ünïcode")).isEqualTo("plain text, ünïcode");
        assertThat(LogText.escape("a\nbcdef", 4)).isEqualTo("a\\nb…");
        assertThat(LogText.hasControlCharacters("name\u0000")).isTrue();
        assertThat(LogText.hasControlCharacters("Main street")).isFalse();
    }

    @Test
    void shouldWriteMessagesAndExceptionMessagesOnOneLineEachThroughTheKitsConsolePattern() throws IOException {
        LogEscaping.register();
        Properties defaults = new Properties();
        defaults.load(getClass().getResourceAsStream("/tillsync-defaults.properties"));
        String pattern = defaults.getProperty("logging.pattern.console");
        assertThat(pattern).contains("%safeMsg").contains("%safeEx").doesNotContain("${").doesNotContain("%m");

        LoggerContext context = new LoggerContext();
        context.start();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // the message and exception words of the kit's pattern (the %clr colouring is Spring Boot's, not needed here)
        layout.setPattern("%safeMsg%n%safeEx");
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("x"), Level.INFO, "code: {}",
                new IllegalStateException("bad\r\nFORGED exception line"), new Object[] {FORGED});

        String line = layout.doLayout(event);

        assertThat(line.lines().filter(l -> l.contains("FORGED") || l.contains("forged")).toList())
                .containsExactly("code: abc\\r\\n2026-12-02T10:00:00.000Z  INFO --- forged\\u0000\\u001b[31m\\u2028end",
                        "java.lang.IllegalStateException: bad\\r\\nFORGED exception line");
        assertThat(line).doesNotContain("\r").doesNotContain("\u0000");
    }
}
